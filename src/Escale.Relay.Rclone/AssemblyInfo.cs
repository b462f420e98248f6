[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Escale.Relay.Rclone.Tests")]
