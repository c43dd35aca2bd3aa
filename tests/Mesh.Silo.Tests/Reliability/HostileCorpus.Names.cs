namespace Mesh.Silo.Tests.Reliability;

/// <summary>Names that break the naming rules: bad characters, unicode tricks, control characters, over-long.</summary>
public sealed partial class HostileCorpus
{
    private static readonly string[] BadCharacters =
    [
        " ", "@", "#", "%", "?", "*", "\u0000", "\u0007", "\n", "\t", "\u007F", "\u200B", "\u202E", "é", "\u0430", "\U0001D7D9",
        "\uFF21", "\uFEFF", "\"", "'", "<", ">", "{", "}", "|", "\\", ",", ";", "=", "+", "!", "~", "$", "&", "(", ")", "[", "]",
        "^", "`", "\u00A0", "\u2028",
    ];

    private enum NameKind
    {
        Service,
        Id,
        Name,
        LabelKey,
        LabelValue,
    }

    private static int MaxLength(NameKind kind) => kind switch
    {
        NameKind.Service => 253,
        NameKind.Id => 128,
        _ => 63,
    };

    private string BadName(NameKind kind)
    {
        var extra = kind switch
        {
            NameKind.Service => new[] { "A", "_", ":", "/", "Z" },
            NameKind.Name => [":", "/"],
            NameKind.Id => ["/"],
            NameKind.LabelValue => ["/", ":"],
            _ => [],
        };
        var valid = Valid(Next(1, 8));
        return Next(0, 6) switch
        {
            0 => Valid(MaxLength(kind) + Next(1, Next(0, 4) == 0 ? 1500 : 40)),
            1 => Pick(["-", ".", "_"]) + valid,
            2 => valid + Pick(["-", ".", "_"]),
            3 when kind != NameKind.LabelValue => Pick(["", " "]),
            _ => valid + Pick(Next(0, 3) == 0 && extra.Length > 0 ? extra : BadCharacters) + Valid(Next(1, 4)),
        };
    }

    /// <summary>Characters every kind of name accepts.</summary>
    private string Valid(int length) =>
        string.Create(length, _random, (span, random) =>
        {
            const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[random.Next(Alphabet.Length)];
            }
        });

    /// <summary>A name as a URL path segment (escaped, so what arrives is exactly the name).</summary>
    private static string Segment(string name) => Uri.EscapeDataString(name);
}
