using System.Text.Json;
using CharRnnLsp.Core.Model;
using Xunit;

namespace CharRnnLsp.Core.Tests;

/// <summary>Loads tests/fixtures/rnn_fixture.json (written by make_rnn_fixture.py) and builds tiny models.</summary>
internal static class EngineTestModels
{
    public sealed record FixtureCase(
        string Cell, int V, int E, int H, int L, int B, int T,
        int[] Inputs, int[] Targets, float[] H0, float[] C0, float Loss, float[] Hn, float[] Cn,
        Dictionary<string, float[]> Parameters, Dictionary<string, float[]> Gradients)
    {
        public CellType CellType => Cell switch { "lstm" => Model.CellType.Lstm, "gru" => Model.CellType.Gru, _ => Model.CellType.Rnn };
        public ModelConfig Config => new(CellType, V, E, H, L);
    }

    private sealed record FixtureFile(string Torch, FixtureCase[] Cases);

    private static readonly Lazy<FixtureCase[]> Cases = new(() =>
    {
        var json = File.ReadAllText(Path.Combine(FindFixtures(), "rnn_fixture.json"));
        return JsonSerializer.Deserialize<FixtureFile>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!.Cases;
    });

    public static FixtureCase Case(string cell) => Cases.Value.Single(c => c.Cell == cell);

    private static string FindFixtures()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "fixtures");
            if (File.Exists(Path.Combine(candidate, "rnn_fixture.json"))) return candidate;
        }
        throw new FileNotFoundException("tests/fixtures/rnn_fixture.json not found above " + AppContext.BaseDirectory);
    }

    public static CharModel ModelFrom(FixtureCase fixture)
    {
        var layout = new ParameterLayout(fixture.Config);
        var parameters = new float[layout.TotalLength];
        foreach (var view in layout.Tensors) fixture.Parameters[view.Name].CopyTo(parameters, view.Offset);
        return new CharModel(fixture.Config, parameters);
    }

    /// <summary>PyTorch's h [L, B, H] (and c) in our carried layout [L, S, B, H].</summary>
    public static float[] CarriedState(FixtureCase f, float[] h, float[] c)
    {
        int s = f.Config.StateVectorsPerLayer, block = f.B * f.H;
        var state = new float[f.L * s * block];
        for (int l = 0; l < f.L; l++)
        {
            Array.Copy(h, l * block, state, l * s * block, block);
            if (s == 2) Array.Copy(c, l * block, state, (l * s + 1) * block, block);
        }
        return state;
    }

    /// <summary>One forward + backward of a training graph from the fixture's initial state: loss, final state and every
    /// gradient within 1e-4 (relative) of PyTorch's. <paramref name="hidden"/> is the graph's carried state, [L][2][B][H].</summary>
    public static void AssertMatchesFixture(FixtureCase f, CharModel model, float[] hidden, Func<float[], float> forwardBackward)
    {
        const double tolerance = 1e-4;
        CarriedState(f, f.H0, f.C0).CopyTo(hidden, 0);
        var gradients = new float[model.Layout.TotalLength];

        float loss = forwardBackward(gradients);

        Assert.InRange(Math.Abs(loss - f.Loss) / f.Loss, 0, tolerance);
        Assert.InRange(RelativeError(hidden, CarriedState(f, f.Hn, f.Cn)), 0, tolerance);
        foreach (var view in model.Layout.Tensors)
        {
            double error = RelativeError(gradients.AsSpan(view.Offset, view.Length), f.Gradients[view.Name]);
            Assert.True(error < tolerance, $"{view.Name}: relative error {error:E2}");
        }
    }

    /// <summary>||actual - expected|| / max(||expected||, 1e-8), in double.</summary>
    public static double RelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        double diff = 0, norm = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = actual[i] - (double)expected[i];
            diff += d * d;
            norm += (double)expected[i] * expected[i];
        }
        return Math.Sqrt(diff) / Math.Max(Math.Sqrt(norm), 1e-8);
    }

    public static int[] RandomTokens(int count, int vocab, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => rng.Next(vocab)).ToArray();
    }
}
