package io.dbsecrets.operator.render;

import io.dbsecrets.operator.render.CompiledTemplate.Expression;
import io.dbsecrets.operator.render.CompiledTemplate.Field;
import io.dbsecrets.operator.render.CompiledTemplate.FilterCall;
import io.dbsecrets.operator.render.CompiledTemplate.Literal;
import io.dbsecrets.operator.render.CompiledTemplate.Part;
import io.dbsecrets.operator.render.CompiledTemplate.Source;
import io.dbsecrets.operator.render.CompiledTemplate.Text;
import io.pebbletemplates.pebble.error.ParserException;
import io.pebbletemplates.pebble.extension.core.CoreExtension;
import io.pebbletemplates.pebble.lexer.LexerImpl;
import io.pebbletemplates.pebble.lexer.Syntax;
import io.pebbletemplates.pebble.node.ArgumentsNode;
import io.pebbletemplates.pebble.node.PositionalArgumentNode;
import io.pebbletemplates.pebble.node.PrintNode;
import io.pebbletemplates.pebble.node.RenderableNode;
import io.pebbletemplates.pebble.node.RootNode;
import io.pebbletemplates.pebble.node.TextNode;
import io.pebbletemplates.pebble.node.expression.ContextVariableExpression;
import io.pebbletemplates.pebble.node.expression.FilterExpression;
import io.pebbletemplates.pebble.node.expression.FilterInvocationExpression;
import io.pebbletemplates.pebble.node.expression.FunctionOrMacroInvocationExpression;
import io.pebbletemplates.pebble.node.expression.GetAttributeExpression;
import io.pebbletemplates.pebble.node.expression.LiteralIntegerExpression;
import io.pebbletemplates.pebble.node.expression.LiteralLongExpression;
import io.pebbletemplates.pebble.node.expression.LiteralStringExpression;
import io.pebbletemplates.pebble.operator.BinaryOperator;
import io.pebbletemplates.pebble.parser.ParserImpl;
import io.pebbletemplates.pebble.parser.ParserOptions;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses a template with Pebble's parser and keeps it only if it uses the language's allow-list: text, and
 * {@code {{ }}} expressions made of a field path or a string literal followed by the filters of
 * {@link TemplateFilter}. Pebble's own evaluator never runs: no tags, functions, tests, operators, method calls or
 * macros exist, so nothing loops, branches on a value or recurses. Every failure here depends on the template text
 * alone.
 */
final class TemplateCompiler {
  /** Pebble's filter operator '|' is the only operator the parser knows: '==', 'and', '~', '..' do not parse. */
  private static final BinaryOperator FILTER = new CoreExtension().getBinaryOperators().stream()
      .filter(op -> op.getSymbol().equals("|")).findFirst().orElseThrow();
  private static final Syntax SYNTAX = new Syntax.Builder().setEnableNewLineTrimming(false).build();
  private static final String LANGUAGE = "a template holds text and {{ field }}, {{ field.path }}, {{ \"text\" }}, "
      + "each optionally followed by filters: " + TemplateFilter.names();

  private final String key;

  private TemplateCompiler(String key) {
    this.key = key;
  }

  static CompiledTemplate compile(String key, String template, RenderBudget budget) throws RenderFailure {
    if (template.codePointCount(0, template.length()) > RenderLimits.MAX_TEMPLATE_CHARS) {
      throw RenderFailure.templateError("template for key '" + key + "' is longer than "
          + RenderLimits.MAX_TEMPLATE_CHARS + " characters");
    }
    budget.work(template.length());
    List<TemplatePosition> starts = TemplateScanner.expressionStarts(key, template);
    return new TemplateCompiler(key).compile(parse(key, template), starts);
  }

  private static RootNode parse(String key, String template) throws RenderFailure {
    try {
      LexerImpl lexer = new LexerImpl(SYNTAX, List.of(), List.of(FILTER));
      ParserImpl parser = new ParserImpl(Map.of(), Map.of(FILTER.getSymbol(), FILTER), Map.of(), new ParserOptions());
      return parser.parse(lexer.tokenize(new StringReader(template), "template"));
    } catch (ParserException e) {
      // Pebble's message quotes the template only (parsing never sees the secret); it is cut to keep status short.
      String why = String.valueOf(e.getPebbleMessage());
      why = why.length() > 200 ? why.substring(0, 200) + "..." : why;
      String where = e.getLineNumber() == null ? "" : ", line " + e.getLineNumber();
      throw RenderFailure.templateError("template for key '" + key + "'" + where + ": it does not parse (" + why
          + "); " + LANGUAGE);
    } catch (RuntimeException | StackOverflowError e) {
      // The scanner's limits keep the parser's recursion shallow; this is the last line should Pebble still fail
      // in an unforeseen way. Parsing is pure, so nothing is left half-done.
      throw RenderFailure.templateError("template for key '" + key + "' does not parse; " + LANGUAGE);
    }
  }

  private CompiledTemplate compile(RootNode root, List<TemplatePosition> starts) throws RenderFailure {
    List<RenderableNode> nodes = root.getBody().getChildren();
    long prints = nodes.stream().filter(PrintNode.class::isInstance).count();
    List<Part> parts = new ArrayList<>();
    int printIndex = 0;
    for (RenderableNode node : nodes) {
      if (node instanceof TextNode text) {
        parts.add(new Text(new String(text.getData())));
      } else if (node instanceof PrintNode print) {
        // The scanner and Pebble agree on where expressions are; should they not, the line alone is still right.
        TemplatePosition at = prints == starts.size() ? starts.get(printIndex) : TemplatePosition.line(print.getLineNumber());
        printIndex++;
        parts.add(expression(at, print.getExpression()));
      } else {
        throw RenderFailure.templateError("template for key '" + key + "': " + node.getClass().getSimpleName()
            + " is not supported; " + LANGUAGE);
      }
    }
    return new CompiledTemplate(key, List.copyOf(parts));
  }

  private Expression expression(TemplatePosition at, io.pebbletemplates.pebble.node.expression.Expression<?> node)
      throws RenderFailure {
    List<FilterInvocationExpression> invocations = new ArrayList<>();
    io.pebbletemplates.pebble.node.expression.Expression<?> current = node;
    while (current instanceof FilterExpression filtered
        && filtered.getRightExpression() instanceof FilterInvocationExpression invocation) {
      invocations.add(0, invocation);
      current = filtered.getLeftExpression();
    }
    List<FilterCall> filters = new ArrayList<>();
    for (FilterInvocationExpression invocation : invocations) {
      filters.add(filterCall(at, invocation));
    }
    if (filters.size() > RenderLimits.MAX_FILTERS) {
      throw fail(at, "more than " + RenderLimits.MAX_FILTERS + " filters in one expression");
    }
    Source source = source(at, current);
    if (source instanceof Literal && !filters.isEmpty() && filters.get(0).filter() == TemplateFilter.DEFAULT) {
      throw fail(at, "default applies to a field, not to a string literal");
    }
    return new Expression(at, source, List.copyOf(filters));
  }

  private FilterCall filterCall(TemplatePosition at, FilterInvocationExpression invocation) throws RenderFailure {
    TemplateFilter filter = TemplateFilter.named(invocation.getFilterName()).orElseThrow(() -> fail(at,
        "filter '" + invocation.getFilterName() + "' is not supported; the filters are " + TemplateFilter.names()));
    ArgumentsNode args = invocation.getArgs();
    List<PositionalArgumentNode> positional = args == null || args.getPositionalArgs() == null
        ? List.of() : args.getPositionalArgs();
    boolean named = args != null && args.getNamedArgs() != null && !args.getNamedArgs().isEmpty();
    if (named || positional.size() != filter.arguments()) {
      throw fail(at, "filter '" + filter.templateName() + "' takes "
          + (filter.arguments() == 0 ? "no arguments" : "one string, as in default(\"value\")"));
    }
    if (positional.isEmpty()) {
      return new FilterCall(filter, null);
    }
    if (!(positional.get(0).getValueExpression() instanceof LiteralStringExpression literal)) {
      throw fail(at, "the argument of filter '" + filter.templateName() + "' must be a string literal");
    }
    return new FilterCall(filter, literal.getValue());
  }

  private Source source(TemplatePosition at, io.pebbletemplates.pebble.node.expression.Expression<?> node)
      throws RenderFailure {
    if (node instanceof LiteralStringExpression literal) {
      return new Literal(literal.getValue());
    }
    List<Object> path = new ArrayList<>();
    io.pebbletemplates.pebble.node.expression.Expression<?> current = node;
    while (current instanceof GetAttributeExpression attribute) {
      if (attribute.getArgumentsNode() != null) {
        throw fail(at, "method calls are not supported");
      }
      path.add(0, segment(at, attribute.getAttributeNameExpression()));
      current = attribute.getNode();
    }
    if (!(current instanceof ContextVariableExpression variable)) {
      throw fail(at, describe(current) + " is not supported; " + LANGUAGE);
    }
    path.add(0, variable.getName());
    return new Field(List.copyOf(path));
  }

  private Object segment(TemplatePosition at, io.pebbletemplates.pebble.node.expression.Expression<?> name)
      throws RenderFailure {
    if (name instanceof LiteralStringExpression s) {
      return s.getValue();
    }
    if (name instanceof LiteralIntegerExpression i && i.getValue() >= 0) {
      return i.getValue();
    }
    if (name instanceof LiteralLongExpression l && l.getValue() >= 0 && l.getValue() <= Integer.MAX_VALUE) {
      return (int) l.getValue().longValue();
    }
    throw fail(at, "a field path may only use names and non-negative indexes written in the template");
  }

  /** Names the construct for the message; only what the template wrote, never anything evaluated. */
  private static String describe(io.pebbletemplates.pebble.node.expression.Expression<?> node) {
    if (node instanceof FunctionOrMacroInvocationExpression call) {
      return "function or macro call '" + call.getFunctionName() + "()'";
    }
    if (node instanceof FilterExpression) {
      return "a filter applied inside an expression";
    }
    String kind = node.getClass().getSimpleName().replace("Expression", "");
    if (kind.matches("Literal(Integer|Long|Double|BigDecimal)")) {
      return "a number literal (write it as text outside {{ }})";
    }
    return kind.startsWith("Literal") ? "a " + kind.substring("Literal".length()).toLowerCase() + " literal"
        : "'" + kind + "'";
  }

  private RenderFailure fail(TemplatePosition at, String what) {
    return RenderFailure.templateError("template for key '" + key + "', " + at + ": " + what);
  }
}
