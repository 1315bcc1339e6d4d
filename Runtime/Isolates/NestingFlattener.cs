using System.Text;
using Acornima;
using Acornima.Ast;

namespace Workers.Runtime.Isolates;

/// <summary>
/// Lets deeply nested source run on Jint. Jint 4.18 refuses, while preparing a script, any function
/// whose syntax tree nests more than 256 nodes deep (a fixed constant of its hoisting pass), which
/// generated code reaches easily: a concatenation of a few hundred terms is a left-nested chain
/// that deep. Each expression that would pass that depth is moved into an arrow function called in
/// place, <c>(()=>(expr))()</c>, which Jint prepares as a function of its own: the same value,
/// <c>this</c>, <c>arguments</c> and evaluation order, and a native-stack probe on entry that the
/// interpreter's deep expression evaluation otherwise lacks.
/// </summary>
/// <remarks>
/// Expressions are not moved where that would change their meaning: assignment and destructuring
/// targets, the operand of <c>delete</c>, a method call's callee (its <c>this</c>), anything inside
/// an optional chain (its short-circuit), and anything containing <c>await</c> or <c>yield</c>. A
/// nesting that cannot be moved (a chain of several hundred <c>else if</c>s, say) is reported as a
/// SyntaxError at its position by the caller. The inserted text holds no line breaks, so line
/// numbers stay those of the file; columns after an insertion on its line shift by a few characters.
/// </remarks>
internal sealed class NestingFlattener
{
    /// <summary>Jint's limit (<c>HoistingScope.ScriptWalker.MaxDepth</c> in Jint 4.18).</summary>
    public const int JintDepthLimit = 256;

    // Moved at this depth, well below the limit, so the wrapper's own nodes fit too.
    private const int MoveAtDepth = 200;

    private const string Open = "(()=>(";
    private const string Close = "))()";

    private readonly Dictionary<Node, int> _heights = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Node, bool> _suspends = new(ReferenceEqualityComparer.Instance);
    private readonly List<(int Position, int Order, string Text)> _inserts = [];
    private int _moved;

    private NestingFlattener()
    {
    }

    /// <summary>
    /// Returns <paramref name="code"/> with every expression that would nest too deep moved into an
    /// arrow, or <paramref name="code"/> itself when none does; <paramref name="tooDeep"/> is the
    /// first node that stays too deep, or null.
    /// </summary>
    public static string Flatten(string code, Node program, out Node? tooDeep)
    {
        var flattener = new NestingFlattener();
        tooDeep = null;
        flattener.Walk(program, depth: 1, inChain: false, new StatementStart(-1, false), ref tooDeep);
        return flattener._inserts.Count == 0 ? code : flattener.Rewrite(code);
    }

    private void Walk(Node node, int depth, bool inChain, StatementStart statement, ref Node? tooDeep)
    {
        var chain = inChain || node is ChainExpression;
        foreach (var child in node.ChildNodes)
        {
            var childStatement = child is ExpressionStatement
                ? new StatementStart(child.Start, node is Acornima.Ast.Program or BlockStatement or FunctionBody or SwitchCase or StaticBlock)
                : child is Statement ? new StatementStart(-1, false) : statement;
            if (child.ChildNodes.IsEmpty())
            {
                continue;
            }

            if (IsFunction(child))
            {
                // Jint prepares a function body with a walk of its own.
                Walk(child, depth: 1, inChain: false, childStatement, ref tooDeep);
                continue;
            }

            var childDepth = depth + 1;
            if (childDepth >= MoveAtDepth && childDepth + Height(child) > JintDepthLimit && CanMove(node, child, chain, childStatement))
            {
                // An arrow that starts a statement would continue the one before it when that one
                // ends without a semicolon ('f\n(()=>...)()' calls f): put one in front, which is
                // only an empty statement where statements are listed.
                Move(child, semicolon: child.Start == childStatement.Position);
                Walk(child, depth: 2, inChain: false, new StatementStart(-1, false), ref tooDeep);
                continue;
            }

            if (childDepth > JintDepthLimit)
            {
                tooDeep ??= child;
                continue;
            }

            Walk(child, childDepth, chain, childStatement, ref tooDeep);
        }
    }

    private void Move(Node node, bool semicolon)
    {
        _moved++;
        _inserts.Add((node.Start, _moved, semicolon ? ";" + Open : Open));
        _inserts.Add((node.End, -_moved, Close));
    }

    private string Rewrite(string code)
    {
        // At one position: closings before openings (a node ending where the next begins), outer
        // openings before inner ones, inner closings before outer ones.
        // openings carry +n and closings -n for the n-th node moved (outer nodes first).
        _inserts.Sort(static (a, b) => a.Position != b.Position ? a.Position.CompareTo(b.Position) : a.Order.CompareTo(b.Order));
        var text = new StringBuilder(code.Length + (_inserts.Count * 5));
        var at = 0;
        foreach (var (position, _, insert) in _inserts)
        {
            text.Append(code, at, position - at).Append(insert);
            at = position;
        }

        return text.Append(code, at, code.Length - at).ToString();
    }

    private bool CanMove(Node parent, Node node, bool inChain, StatementStart statement)
    {
        if (inChain || node is not Expression || node is SpreadElement or Super or ChainExpression || ContainsSuspend(node))
        {
            return false;
        }

        if (node.Start == statement.Position && !statement.InList)
        {
            return false;
        }

        return parent switch
        {
            UnaryExpression { Operator: Operator.Delete } => false,
            UpdateExpression => false,
            AssignmentExpression assignment => !ReferenceEquals(assignment.Left, node),
            ForInStatement forIn => !ReferenceEquals(forIn.Left, node),
            ForOfStatement forOf => !ReferenceEquals(forOf.Left, node),
            CallExpression call => !(ReferenceEquals(call.Callee, node) && node is MemberExpression),
            TaggedTemplateExpression tagged => !(ReferenceEquals(tagged.Tag, node) && node is MemberExpression),
            MemberExpression member => member.Computed || !ReferenceEquals(member.Property, node),
            Property property => property.Computed || !ReferenceEquals(property.Key, node),
            AssignmentPattern pattern => ReferenceEquals(pattern.Right, node),
            ArrayPattern or ObjectPattern or RestElement => false,
            _ => true,
        };
    }

    private int Height(Node node)
    {
        if (_heights.TryGetValue(node, out var known))
        {
            return known;
        }

        var height = 0;
        foreach (var child in node.ChildNodes)
        {
            if (!child.ChildNodes.IsEmpty() && !IsFunction(child))
            {
                height = Math.Max(height, 1 + Height(child));
            }
        }

        _heights[node] = height;
        return height;
    }

    private bool ContainsSuspend(Node node)
    {
        if (_suspends.TryGetValue(node, out var known))
        {
            return known;
        }

        var suspends = node is AwaitExpression or YieldExpression;
        foreach (var child in node.ChildNodes)
        {
            if (suspends)
            {
                break;
            }

            suspends = !IsFunction(child) && ContainsSuspend(child);
        }

        _suspends[node] = suspends;
        return suspends;
    }

    /// <summary>Where the expression statement around a node starts (-1: none), and whether it sits in a statement list.</summary>
    private readonly record struct StatementStart(int Position, bool InList);

    private static bool IsFunction(Node node)
        => node is FunctionDeclaration or FunctionExpression or ArrowFunctionExpression or StaticBlock;
}
