[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Escale.Relay.Ftp.Tests")]
