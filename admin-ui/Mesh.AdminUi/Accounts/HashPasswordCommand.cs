namespace Mesh.AdminUi.Accounts;

/// <summary><c>Mesh.AdminUi hash-password</c>: reads a password from standard input, prints its hash for <c>Mesh:Users</c>.</summary>
public static class HashPasswordCommand
{
    public const string Name = "hash-password";

    public static int Run()
    {
        var password = Console.In.ReadLine();
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.WriteLine("hash-password: give the password on standard input");
            return 2;
        }

        Console.WriteLine(UserStore.Hash(password));
        return 0;
    }
}
