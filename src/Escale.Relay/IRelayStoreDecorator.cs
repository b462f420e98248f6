namespace Escale.Relay;

/// <summary>A store that wraps another: lets callers find a driver's own interfaces through any stack of decorators.</summary>
public interface IRelayStoreDecorator
{
    IRelayStore Inner { get; }

    /// <summary>The innermost store (the driver) under any number of decorators.</summary>
    public static IRelayStore Driver(IRelayStore store)
    {
        while (store is IRelayStoreDecorator d)
        {
            store = d.Inner;
        }

        return store;
    }
}
