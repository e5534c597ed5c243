namespace CharRnnLsp.Server.Completion.Adaptation;

/// <summary>Disjoint, sorted character ranges of a document that adaptation has not read in their current form.
/// An edit shifts the ranges after it and adds the text around it.</summary>
public sealed class DirtyRanges
{
    private readonly List<(int Start, int End)> _ranges = [];

    public int Count => _ranges.Count;
    public IReadOnlyList<(int Start, int End)> Ranges => _ranges;

    public void Add(int start, int end)
    {
        if (end <= start) return;
        int i = 0;
        while (i < _ranges.Count && _ranges[i].End < start) i++;
        while (i < _ranges.Count && _ranges[i].Start <= end)
        {
            start = Math.Min(start, _ranges[i].Start);
            end = Math.Max(end, _ranges[i].End);
            _ranges.RemoveAt(i);
        }
        _ranges.Insert(i, (start, end));
    }

    /// <summary>The text from <paramref name="at"/> on moved by <paramref name="delta"/> characters (an edit there);
    /// positions inside a removed span collapse onto the edit point.</summary>
    public void Shift(int at, int delta)
    {
        for (int i = 0; i < _ranges.Count; i++)
        {
            var (start, end) = _ranges[i];
            _ranges[i] = (ShiftPosition(start, at, delta), ShiftPosition(end, at, delta));
        }
        _ranges.RemoveAll(r => r.End <= r.Start);
    }

    public static int ShiftPosition(int position, int at, int delta) => position <= at ? position : Math.Max(at, position + delta);

    /// <summary>Removes and returns the first range, clipped to a document of <paramref name="documentLength"/>
    /// characters; null when none is left.</summary>
    public (int Start, int End)? TakeFirst(int documentLength)
    {
        _ranges.RemoveAll(r => r.Start >= documentLength);
        if (_ranges.Count == 0) return null;
        var first = _ranges[0];
        _ranges.RemoveAt(0);
        return (first.Start, Math.Min(first.End, documentLength));
    }

    public void Clear() => _ranges.Clear();
}
