namespace CharRnnLsp.Core.Data;

/// <summary>What <see cref="CorpusReader"/> takes from a tree. Globs are relative to the corpus root, '/'-separated.</summary>
public sealed record CorpusOptions
{
    /// <summary>Source, build and TeX files a code completion model should learn from.</summary>
    public static readonly IReadOnlyList<string> DefaultIncludes =
    [
        "**/*.c", "**/*.h", "**/*.cc", "**/*.cpp", "**/*.cxx", "**/*.hpp", "**/*.hh", "**/*.cs", "**/*.fs",
        "**/*.py", "**/*.js", "**/*.mjs", "**/*.ts", "**/*.tsx", "**/*.jsx", "**/*.go", "**/*.rs", "**/*.java",
        "**/*.kt", "**/*.scala", "**/*.rb", "**/*.php", "**/*.swift", "**/*.lua", "**/*.sh", "**/*.pl",
        "**/*.S", "**/*.s", "**/*.asm", "**/*.dts", "**/*.dtsi", "**/*.rst", "**/*.json", "**/*.yaml", "**/*.yml",
        "**/*.toml", "**/*.xml", "**/*.html", "**/*.css", "**/*.sql", "**/*.el", "**/*.vim",
        "**/*.tex", "**/*.sty", "**/*.cls", "**/*.bib", "**/*.bst", "**/*.dtx", "**/*.ins", "**/*.ltx",
        "**/*.md", "**/*.txt", "**/Makefile", "**/makefile", "**/GNUmakefile", "**/*.mk", "**/Kconfig", "**/Kconfig.*",
        "**/Kbuild", "**/CMakeLists.txt", "**/*.cmake", "**/Dockerfile", "**/*.csproj", "**/*.props", "**/*.targets",
    ];

    /// <summary>Version control, dependency and build output folders: never someone's own code.</summary>
    public static readonly IReadOnlyList<string> DefaultExcludes =
    [
        "**/.git/**", "**/.hg/**", "**/.svn/**", "**/node_modules/**", "**/bin/**", "**/obj/**",
        "**/__pycache__/**", "**/.venv/**", "**/venv/**", "**/target/**", "**/.vs/**", "**/.idea/**",
        "**/*.min.js", "**/package-lock.json", "**/yarn.lock", "**/*.corpus-cache/**",
    ];

    public IReadOnlyList<string> Includes { get; init; } = DefaultIncludes;
    public IReadOnlyList<string> Excludes { get; init; } = DefaultExcludes;
    /// <summary>Files larger than this are skipped (generated tables, dumps).</summary>
    public long MaxFileBytes { get; init; } = 1 << 20;
    /// <summary>Reading stops once the corpus holds this many bytes of files; the rest are skipped.</summary>
    public long MaxTotalBytes { get; init; } = long.MaxValue;
    /// <summary>Read NAME.EXT.gz as NAME.EXT (globs see the name without .gz); the size limits apply decompressed.</summary>
    public bool ReadGzip { get; init; } = true;
    /// <summary>Decode invalid UTF-8 with U+FFFD instead of skipping the file.</summary>
    public bool Lossy { get; init; }
    /// <summary>Inside a git checkout, list files with `git ls-files` (honours every ignore rule git knows).</summary>
    public bool UseGit { get; init; } = true;
    /// <summary>Outside git, skip what .gitignore files under the root ignore. Off: every file is a candidate
    /// (e.g. Debian's linux-source tree, whose top .gitignore ignores everything but debian/).</summary>
    public bool UseGitIgnore { get; init; } = true;
}
