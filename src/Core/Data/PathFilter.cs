using System.Text.RegularExpressions;

namespace CharRnnLsp.Core.Data;

/// <summary>
/// The corpus's include and exclude globs: a path is kept when an include matches it whole and no exclude matches
/// it or one of its folders. Globs are sorted by shape so that a Linux tree's 78,000 paths take a fraction of a
/// second: `**/NAME` and `**/NAME/**` test single path segments against one expression for all such globs, the
/// rest test the whole path.
/// </summary>
internal sealed class PathFilter
{
    private readonly GlobSet _include;
    private readonly GlobSet _exclude;

    public PathFilter(IEnumerable<string> includes, IEnumerable<string> excludes)
    {
        _include = new GlobSet(includes, isExclude: false);
        _exclude = new GlobSet(excludes, isExclude: true);
    }

    public bool Accepts(string relativePath) => _include.Matches(relativePath) && !_exclude.Matches(relativePath);

    private sealed class GlobSet
    {
        private readonly Regex? _lastSegment;   // `**/NAME` includes: the file's own name
        private readonly Regex? _anySegment;    // `**/NAME` excludes: the file or any folder above it
        private readonly Regex? _folderSegment; // `**/NAME/**`: any folder above the file
        private readonly Regex? _wholePath;

        public GlobSet(IEnumerable<string> globs, bool isExclude)
        {
            var names = new List<string>();
            var folders = new List<string>();
            var paths = new List<string>();
            foreach (string raw in globs)
            {
                string glob = raw.TrimStart('/');
                string? inner = glob.StartsWith("**/", StringComparison.Ordinal) ? glob[3..] : null;
                if (inner is not null && IsSegment(inner)) names.Add(inner);
                else if (inner is not null && inner.EndsWith("/**", StringComparison.Ordinal) && IsSegment(inner[..^3])) folders.Add(inner[..^3]);
                else paths.Add(glob);
            }
            if (isExclude) _anySegment = Combine(names, "");
            else _lastSegment = Combine(names, "");
            _folderSegment = Combine(folders, "");
            // An exclude that names a folder leaves out everything below it.
            _wholePath = Combine(paths, isExclude ? "(?:/.*)?" : "");
        }

        public bool Matches(string path)
        {
            if (_wholePath?.IsMatch(path) == true) return true;
            int nameStart = path.LastIndexOf('/') + 1;
            if (_lastSegment?.IsMatch(path.AsSpan(nameStart)) == true) return true;
            if (_anySegment is null && _folderSegment is null) return false;
            int start = 0;
            while (start < path.Length)
            {
                int end = path.IndexOf('/', start);
                bool isFolder = end >= 0;
                var segment = path.AsSpan(start, (isFolder ? end : path.Length) - start);
                if (_anySegment?.IsMatch(segment) == true || (isFolder && _folderSegment?.IsMatch(segment) == true)) return true;
                if (!isFolder) break;
                start = end + 1;
            }
            return false;
        }

        private static bool IsSegment(string glob) => glob.Length > 0 && !glob.Contains('/') && !glob.Contains("**");

        private static Regex? Combine(List<string> globs, string suffix) => globs.Count == 0 ? null
            : new($"^(?:{string.Join("|", globs.Select(g => "(?:" + Glob.ToRegex(g) + ")"))}){suffix}$", RegexOptions.CultureInvariant);
    }
}
