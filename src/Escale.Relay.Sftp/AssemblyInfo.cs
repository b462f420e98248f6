[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Escale.Relay.Sftp.Tests")]
