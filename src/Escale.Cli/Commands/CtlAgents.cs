using Escale.Agent.Control;
using Escale.Core.Config;

namespace Escale.Cli.Commands;

/// <summary>Finds the running agent that owns a repository: the one whose state folder is the repository's.</summary>
public static class CtlAgents
{
    public static async Task<IReadOnlyList<(string Socket, AgentInfo Info)>> DiscoverAsync(CancellationToken cancellationToken) =>
        await ControlClient.DiscoverAsync(cancellationToken);

    public static (string Socket, AgentInfo Info)? Find(IReadOnlyList<(string Socket, AgentInfo Info)> agents, RepositoryConfig repo)
    {
        var stateDir = Path.GetFullPath(repo.StateDir);
        foreach (var agent in agents)
        {
            if (agent.Info.Repositories.Any(r => Path.GetFullPath(r.StateDir) == stateDir))
            {
                return agent;
            }
        }

        return null;
    }

    /// <summary>The agent's name for the repository (it may have read another config file with another section name).</summary>
    public static string NameIn(AgentInfo info, RepositoryConfig repo) =>
        info.Repositories.First(r => Path.GetFullPath(r.StateDir) == Path.GetFullPath(repo.StateDir)).Name;

    /// <summary>Sends one request; a vanished agent or a refusal is one clear line.</summary>
    public static async Task<ControlResponse> SendAsync(string socket, ControlRequest request, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var reply = await ControlClient.SendAsync(socket, request, timeout ?? TimeSpan.FromSeconds(30), cancellationToken)
            ?? throw new Agent.Operations.OperationException($"the agent at {socket} stopped answering");
        if (!reply.Ok)
        {
            throw new Agent.Operations.OperationException($"agent: {reply.Error}");
        }

        return reply;
    }
}
