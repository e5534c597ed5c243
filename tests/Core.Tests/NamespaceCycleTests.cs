using Xunit;
using CharRnnLsp.Tests.Architecture;

namespace CharRnnLsp.Core.Tests;

/// <summary>Core's namespaces form layers (Kernels under Model under the backends, and so on): no namespace may
/// depend, directly or through others, on itself.</summary>
public class NamespaceCycleTests
{
    [Fact]
    public void The_core_namespaces_have_no_cycles()
    {
        string folder = SourceTree.Folder("Core");
        var graph = new NamespaceGraph(SourceTree.Files(folder));
        Assert.True(graph.Edges.ContainsKey("CharRnnLsp.Core.Backends.Cuda.Native") && graph.Edges.Count > 10,
            $"read only {graph.Edges.Count} namespaces from {folder}");
        var described = graph.DescribeCycles();
        Assert.True(!described.Any(), "namespace cycles:\n" + string.Join("\n", described));
    }
}
