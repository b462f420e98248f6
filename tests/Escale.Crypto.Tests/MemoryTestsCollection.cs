namespace Escale.Crypto.Tests;

/// <summary>Runs <see cref="MemoryTests"/> alone: the allocation counter they read is process-wide.</summary>
[CollectionDefinition(nameof(MemoryTests), DisableParallelization = true)]
public sealed class MemoryTestsCollection;
