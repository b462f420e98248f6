namespace Escale.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("escale: not built yet");
        return 2;
    }
}
