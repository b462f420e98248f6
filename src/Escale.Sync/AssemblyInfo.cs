[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Escale.Sync.Tests")]
