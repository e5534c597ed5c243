using CharRnnLsp.Tests.Architecture;

namespace CharRnnLsp.Server.Tests;

/// <summary>The server's namespaces form layers: no namespace may depend, directly or through others, on itself.</summary>
public class NamespaceCycleTests
{
    [Fact]
    public void The_server_namespaces_have_no_cycles()
    {
        string folder = SourceTree.Folder("Server");
        var graph = new NamespaceGraph(SourceTree.Files(folder));
        Assert.True(graph.Edges.Count > 5, $"read only {graph.Edges.Count} namespaces from {folder}");
        var described = graph.DescribeCycles();
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
        Assert.Equal("C.InC.Make", graph.Edges["App.B"]["App.C"].Evidence); // relative to the enclosing namespace App
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
