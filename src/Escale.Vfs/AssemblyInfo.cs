[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Escale.Vfs.Tests")]
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Escale.Fuse.Tests")]
