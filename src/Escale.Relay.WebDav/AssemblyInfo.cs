[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Escale.Relay.WebDav.Tests")]
