[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Escale.Fuse.Tests")]
