namespace CharRnnLsp.Tests.Architecture;

/// <summary>The C# files of one project under src/ of the checkout the tests run from (bin and obj left out).</summary>
public static class SourceTree
{
    /// <summary>src/<paramref name="project"/>, found from the test binaries upward.</summary>
    public static string Folder(string project)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CharRnnLsp.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("no CharRnnLsp.sln above the test binaries"), "src", project);
    }

    /// <summary>Each file's path relative to <paramref name="root"/> and its text.</summary>
    public static IEnumerable<(string Name, string Source)> Files(string root) => Directory
        .EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
        .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
        .Select(f => (Path.GetRelativePath(root, f), File.ReadAllText(f)));
}
