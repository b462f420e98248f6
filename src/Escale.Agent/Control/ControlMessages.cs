using System.Text.Json.Serialization;

namespace Escale.Agent.Control;

/// <summary>One request line: a command and its arguments.</summary>
public sealed record ControlRequest(string Command, string? Repository = null, string? Path = null, string? Value = null);

/// <summary>One reply line. <see cref="Data"/> carries command-specific JSON.</summary>
public sealed record ControlResponse(bool Ok, string? Error = null, System.Text.Json.JsonElement? Data = null);

/// <summary>What an agent says about itself (command "hello").</summary>
public sealed record AgentInfo(int ProcessId, string Kind, IReadOnlyList<AgentRepository> Repositories);

public sealed record AgentRepository(string Name, string ConfigFile, string LocalPath, string StateDir, string Relay, string? MountPoint);

[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ControlResponse))]
[JsonSerializable(typeof(AgentInfo))]
internal sealed partial class ControlJson : JsonSerializerContext;
