using Xunit;
using CharRnnLsp.Tests.Architecture;

namespace CharRnnLsp.Core.Tests;

/// <summary>Core's namespaces form layers (Kernels under Model under the backends, and so on): no namespace may
/// depend, directly or through others, on itself.</summary>
public class NamespaceCycleTests
{
    private static string CoreSources
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CharRnnLsp.sln"))) dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("no CharRnnLsp.sln above the test binaries"), "src", "Core");
        }
    }

    private static NamespaceGraph Read(string root) => new(Directory
        .EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
        .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
        .Select(f => (Path.GetRelativePath(root, f), File.ReadAllText(f))));

    [Fact]
    public void The_core_namespaces_have_no_cycles()
    {
        var graph = Read(CoreSources);
        Assert.True(graph.Edges.ContainsKey("CharRnnLsp.Core.Backends.Cuda.Native") && graph.Edges.Count > 10,
            $"read only {graph.Edges.Count} namespaces from {CoreSources}");
        var described = graph.Tangles().Zip(graph.Cycles(), (tangle, cycle) =>
            $"{string.Join(", ", tangle)} depend on each other, e.g. " + string.Join(" -> ", cycle) + "\n" + string.Join("\n",
            cycle.Zip(cycle.Skip(1), (from, to) => $"    {from} -> {to}: {graph.Edges[from][to].File}: {graph.Edges[from][to].Evidence}")));
        Assert.True(!described.Any(), "namespace cycles:\n" + string.Join("\n", described));
    }

    [Fact]
    public void Cycles_are_found_through_usings_qualified_names_and_enclosing_namespaces()
    {
        var graph = new NamespaceGraph([
            ("A.cs", "using App.B;\nnamespace App.A;\nclass InA { InB b; }"),
            ("B.cs", "namespace App.B;\nclass InB { object x = C.InC.Make(); }"),
            ("C.cs", "namespace App.C;\nclass InC { }"),
            ("Sub.cs", "namespace App.C.Sub;\nclass InSub { InC parent; }"),
            ("D.cs", "namespace App.D;\n// using App.A; in a comment\nclass InD { string s = \"App.A.InA\"; }"),
        ]);
        Assert.Equal("using App.B;", graph.Edges["App.A"]["App.B"].Evidence);
        Assert.Equal("C.InC", graph.Edges["App.B"]["App.C"].Evidence); // relative to the enclosing namespace App
        Assert.Equal("InC", graph.Edges["App.C.Sub"]["App.C"].Evidence); // enclosing namespace's type by simple name
        Assert.Empty(graph.Edges["App.D"]); // comments and strings are not references
        Assert.Empty(graph.Cycles());

        var cyclic = new NamespaceGraph([
            ("A.cs", "namespace App.A;\nclass InA { App.B.InB b; }"),
            ("B.cs", "using App.C;\nnamespace App.B;\nclass InB { }"),
            ("C.cs", "namespace App.C;\nusing App.A;\nclass InC { }"),
        ]);
        Assert.Equal([["App.A", "App.B", "App.C", "App.A"]], cyclic.Cycles());
        Assert.Equal([["App.A", "App.B", "App.C"]], cyclic.Tangles());
    }
}
