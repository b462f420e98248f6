[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Escale.Relay.GoogleDrive.Tests")]
