using CharRnnLsp.Core.Data;
using Xunit;

namespace CharRnnLsp.Core.Tests;

public class PathFilterTests
{
    [Theory]
    [InlineData("a.c", true)]
    [InlineData("x/y/a.c", true)]
    [InlineData("src/only.h", true)]
    [InlineData("src/deeper/no.h", false)] // src/*.h stays in src
    [InlineData("a.min.js", false)]
    [InlineData("lib/node_modules/m/index.js", false)]
    [InlineData("build/out.c", false)] // an exclude naming a folder leaves out what is below it
    [InlineData("docs/build.c", true)]
    [InlineData("a.cs", false)]
    public void IncludesMatchWholePaths_ExcludesAlsoMatchFolders(string path, bool accepted)
    {
        var filter = new PathFilter(["**/*.c", "src/*.h", "**/*.js"], ["**/*.min.js", "**/node_modules/**", "build"]);
        Assert.Equal(accepted, filter.Accepts(path));
    }

    [Fact]
    public void DefaultFilters_TakeSourceAndSkipVendoredFolders()
    {
        var filter = new PathFilter(CorpusOptions.DefaultIncludes, CorpusOptions.DefaultExcludes);
        Assert.True(filter.Accepts("kernel/sched/core.c"));
        Assert.True(filter.Accepts("Documentation/index.rst"));
        Assert.False(filter.Accepts("src/bin/Release/x.cs"));
        Assert.False(filter.Accepts(".charrnn/model.corpus-cache/manifest.json"));
        Assert.False(filter.Accepts("vmlinux.o"));
    }
}
