[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Escale.Vfs.Tests")]
