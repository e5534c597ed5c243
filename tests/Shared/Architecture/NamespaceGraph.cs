using System.Text.RegularExpressions;

namespace CharRnnLsp.Tests.Architecture;

/// <summary>One reason for an edge: the file and what in it refers to the other namespace.</summary>
public sealed record Reference(string File, string Evidence);

/// <summary>
/// The namespaces of a set of C# files and which of them refers to which, read from the source (linked into every test
/// project that checks its source tree for cycles): using directives
/// (plain, static, alias), qualified names (CharRnnLsp.Server.X.Y, or X.Y relative to an enclosing namespace) and
/// types of an enclosing namespace used by simple name (C# finds those without a using). Only namespaces declared
/// in the files count; references to anything else (System, Core) are ignored.
/// </summary>
public sealed class NamespaceGraph
{
    private static readonly Regex NamespaceDeclaration = new(@"^\s*namespace\s+([\w.]+)\s*[;{]", RegexOptions.Multiline);
    private static readonly Regex TypeDeclaration = new(@"\b(?:class|struct|interface|enum|record(?:\s+struct|\s+class)?)\s+(\w+)");
    private static readonly Regex QualifiedName = new(@"(?<![\w.])[A-Za-z_]\w*(?:\.\w+)+");
    private static readonly Regex UsingDirective = new(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?([\w.]+)\s*;", RegexOptions.Multiline);

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, Reference>> Edges { get; }

    public NamespaceGraph(IEnumerable<(string Name, string Source)> files)
    {
        var parsed = files.Select(f => (f.Name, Code: SourceText.CodeOnly(f.Source)))
            .Select(f => (f.Name, f.Code, Namespace: NamespaceDeclaration.Match(f.Code) is { Success: true } m ? m.Groups[1].Value : "<global>"))
            .ToList();
        var typesByNamespace = parsed.GroupBy(f => f.Namespace).ToDictionary(
            g => g.Key, g => g.SelectMany(f => TypeDeclaration.Matches(f.Code).Select(m => m.Groups[1].Value)).ToHashSet());
        var namespaces = typesByNamespace.Keys.Where(n => n != "<global>").ToList();

        var edges = namespaces.Append("<global>").ToDictionary(n => n, _ => new Dictionary<string, Reference>());
        foreach (var (name, code, from) in parsed)
        {
            // The file's own namespace declaration names its enclosing namespaces but does not refer to them.
            string body = NamespaceDeclaration.Replace(code, "");
            foreach (var (to, evidence) in References(body, from, namespaces, typesByNamespace))
                if (to != from) edges[from].TryAdd(to, new Reference(name, evidence));
        }
        Edges = edges.ToDictionary(e => e.Key, e => (IReadOnlyDictionary<string, Reference>)e.Value);
    }

    private static IEnumerable<(string To, string Evidence)> References(string code, string from, List<string> namespaces,
        Dictionary<string, HashSet<string>> typesByNamespace)
    {
        foreach (Match m in UsingDirective.Matches(code))
            if (Owner(m.Groups[1].Value, namespaces) is { } used) yield return (used, m.Value.Trim());

        // Qualified names, full or relative to an enclosing namespace (in namespace A.B, "C.D" may mean A.C.D), each
        // resolved to the longest declared namespace it names a member of.
        var enclosing = Ancestors(from).ToList();
        string body = UsingDirective.Replace(code, "");
        foreach (Match chain in QualifiedName.Matches(body))
        {
            foreach (string prefix in enclosing.Prepend(from).Append(""))
            {
                string full = prefix.Length == 0 ? chain.Value : prefix + "." + chain.Value;
                // The chain's first name must be a namespace's: "reader.TokenType" in namespace A is no reference to A.
                if (Owner(full, namespaces) is { } owner && owner.Length > prefix.Length && owner != full)
                {
                    yield return (owner, chain.Value);
                    break;
                }
            }
        }

        // Types of an enclosing namespace are in scope by simple name.
        foreach (string ancestor in enclosing.Where(typesByNamespace.ContainsKey))
        {
            var used = typesByNamespace[ancestor].FirstOrDefault(t => Regex.IsMatch(code, $@"(?<![\w.]){t}\b"));
            if (used is not null) yield return (ancestor, used);
        }
    }

    /// <summary>The longest declared namespace that <paramref name="name"/> is or lies in (a type under it).</summary>
    private static string? Owner(string name, List<string> namespaces) =>
        namespaces.Where(n => name == n || name.StartsWith(n + ".", StringComparison.Ordinal)).MaxBy(n => n.Length);

    private static IEnumerable<string> Ancestors(string ns)
    {
        for (int dot = ns.LastIndexOf('.'); dot > 0; dot = ns.LastIndexOf('.', dot - 1)) yield return ns[..dot];
    }

    /// <summary>One paragraph per group of namespaces that depend on each other: the group, a cycle through it,
    /// and for each step of the cycle the file and the text that makes it. Empty when there is no cycle.</summary>
    public IReadOnlyList<string> DescribeCycles() => Tangles().Zip(Cycles(), (tangle, cycle) =>
        $"{string.Join(", ", tangle)} depend on each other, e.g. " + string.Join(" -> ", cycle) + "\n" + string.Join("\n",
        cycle.Zip(cycle.Skip(1), (from, to) => $"    {from} -> {to}: {Edges[from][to].File}: {Edges[from][to].Evidence}"))).ToList();

    /// <summary>One cycle through each group of namespaces that depend on each other (a strongly connected
    /// component of more than one), as a path that returns to its start, e.g. [A, B, A].</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles() =>
        Tangles().Select(component => (IReadOnlyList<string>)PathBack(component)).ToList();

    /// <summary>The groups of namespaces that depend on each other, each sorted.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Tangles() =>
        StronglyConnectedComponents().Where(c => c.Count > 1)
            .Select(c => (IReadOnlyList<string>)c.Order(StringComparer.Ordinal).ToList()).ToList();

    /// <summary>A path that starts at the component's first node and comes back to it inside the component.</summary>
    private List<string> PathBack(IReadOnlyList<string> component)
    {
        string start = component[0];
        var previous = new Dictionary<string, string>();
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            string node = queue.Dequeue();
            foreach (string next in Edges[node].Keys.Where(component.Contains).Order(StringComparer.Ordinal))
            {
                if (next == start)
                {
                    var path = new List<string> { start };
                    for (string at = node; at != start; at = previous[at]) path.Insert(1, at);
                    path.Add(start);
                    return path;
                }
                if (previous.TryAdd(next, node)) queue.Enqueue(next);
            }
        }
        throw new InvalidOperationException("a strongly connected component has a cycle through each node");
    }

    // Tarjan's algorithm.
    private List<HashSet<string>> StronglyConnectedComponents()
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<HashSet<string>>();
        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (string next in Edges[node].Keys)
            {
                if (!index.ContainsKey(next)) { Visit(next); low[node] = Math.Min(low[node], low[next]); }
                else if (onStack.Contains(next)) low[node] = Math.Min(low[node], index[next]);
            }
            if (low[node] != index[node]) return;
            var component = new HashSet<string>();
            string popped;
            do { popped = stack.Pop(); onStack.Remove(popped); component.Add(popped); } while (popped != node);
            components.Add(component);
        }
        foreach (string node in Edges.Keys.Order(StringComparer.Ordinal))
            if (!index.ContainsKey(node)) Visit(node);
        return components;
    }
}
