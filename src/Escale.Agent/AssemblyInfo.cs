[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Escale.Agent.Tests")]
