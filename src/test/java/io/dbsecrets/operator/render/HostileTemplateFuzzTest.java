package io.dbsecrets.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbsecrets.operator.api.DataMapping;
import io.dbsecrets.operator.aws.SecretValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A seeded corpus of hostile templates and payloads. Every case must end with Secret data within the size limits or
 * a {@link RenderFailure}, never another exception or error, having done no more work than the renderer's budget
 * allows (the budget, not the machine's clock, bounds rendering time). Each template also renders over a second
 * secret of the same shape whose values differ character by character: the outcome and message must be the same.
 */
class HostileTemplateFuzzTest {
  private static final long SEED = 20261129L;
  private static final int CASES = 660; // every template kind against every payload kind, 6 times
  private static final String FIELD_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final String[] TAGS = {"for i in range(0, 2000000000)", "if password == 'A'", "macro m(n)", "set x = 1",
      "block b", "import 'x'", "include 'x'", "parallel", "autoescape", "cache 'c'", "embed 'x'", "extends 'x'",
      "filter upper", "flush", "from 'x' import m", "verbatim", "endfor", "elseif x", "-if x-"};
  private static final String[] FILTERS = {"urlencode", "base64encode", "upper", "lower", "trim", "default('d')",
      "slice(0,1)", "date('yyyy')", "numberformat('#')", "base64decode", "sha256", "first", "last", "length", "raw",
      "escape", "abbreviate(3)", "replace({'a':'b'})", "split(',')", "join", "reverse", "sort", "title"};
  private static final String DELIMITERS = "{}%#|()[]'\".~-!=<>?:, \n\\";

  private final Random random = new Random(SEED);

  @Test
  void everyHostileCaseEndsInDataOrRenderFailureWithinTheBudgetAndSaysTheSameWhateverTheValues() {
    List<Function<Random, String>> templates = List.of(this::tags, this::deepNesting, this::hugeLiteral,
        this::manyExpressions, this::filterChains, this::recursionAttempts, this::unicodeNoise, this::mutatedValid,
        this::longAttributeChains, this::validGrammar, this::workBomb);
    for (int n = 0; n < CASES; n++) {
      String template = templates.get(n % templates.size()).apply(random);
      String[] pair = payloadPair(n);
      List<DataMapping> data = n % 7 == 0 ? wholeSecretRepeated(random.nextInt(40)) : List.of();
      Map<String, String> spec = new LinkedHashMap<>();
      spec.put("K" + (n % 3), template);
      if (n % 5 == 0) {
        spec.put("Z", "{{ f0 | default('x') }}:{{ value | default('y') }}");
      }
      Outcome first = render(n, pair[0], data, spec, template);
      Outcome second = render(n, pair[1], data, spec, template);
      assertThat(second.failure()).as("case %d, template %s: same message whatever the values", n, shown(template))
          .isEqualTo(first.failure());
      outcomes.add(first.failure() == null ? "rendered" : first.failure().replaceAll(
          "template for key '[^']*'(, line [0-9]+(, column [0-9]+)?)?:? ?", "").replaceAll("[('{0-9].*", ""));
    }
    // The corpus keeps reaching every line of defence, so a change to the generators cannot quietly skip one.
    assertThat(outcomes).contains("rendered", "TemplateError: tag ", "TemplateError: the secret has no field ",
        "TemplateError: renders more than ", "TemplateError: rendering this Secret exceeds the limit of ",
        "InvalidSecretFormat: the Secret", "TemplateError: filter ",
        "TemplateError: brackets nested deeper than ", "TemplateError: is longer than ");
  }

  private final java.util.Set<String> outcomes = new java.util.TreeSet<>();

  private record Outcome(String failure) {}

  private Outcome render(int n, String payload, List<DataMapping> data, Map<String, String> spec, String template) {
    RenderBudget budget = new RenderBudget();
    SecretValue secret = payload == null ? binarySecret() : SecretRendererTest.text(payload);
    try {
      SecretData out = SecretRenderer.render(secret, data, spec, budget);
      long total = 0;
      for (byte[] value : out.entries().values()) {
        assertThat(value.length).as("case %d: key size", n).isLessThanOrEqualTo(RenderLimits.MAX_KEY_BYTES);
        total += value.length;
      }
      assertThat(total).as("case %d: Secret size", n).isLessThanOrEqualTo(RenderLimits.MAX_SECRET_BYTES);
      return new Outcome(null);
    } catch (RenderFailure failure) {
      assertThat(failure.getMessage()).as("case %d: message", n).isNotBlank().hasSizeLessThan(2048)
          .doesNotContain("S3CRET");
      return new Outcome(failure.reason() + ": " + failure.getMessage());
    } catch (Throwable unexpected) {
      throw new AssertionError("case " + n + " (seed " + SEED + ") threw " + unexpected + " for template "
          + shown(template), unexpected);
    } finally {
      assertThat(budget.workUsed()).as("case %d: work", n).isLessThanOrEqualTo(RenderLimits.MAX_WORK_CHARS);
    }
  }

  // ---- templates

  private String tags(Random r) {
    String tag = TAGS[r.nextInt(TAGS.length)];
    return "x{% " + tag + " %}{{ f0 }}{% end %}".repeat(1 + r.nextInt(3));
  }

  private String deepNesting(Random r) {
    int depth = 1 + r.nextInt(3000);
    String[] open = {"(", "[", "{", "not ", "-", "[0]"};
    String o = open[r.nextInt(open.length)];
    String close = switch (o) {
      case "(" -> ")";
      case "[" -> "]";
      case "{" -> "}";
      default -> "";
    };
    return "{{ " + o.repeat(depth) + "f0" + close.repeat(r.nextInt(depth + 1)) + " }}";
  }

  private String hugeLiteral(Random r) {
    int size = r.nextInt(20_000);
    return r.nextBoolean() ? "{{ '" + "x".repeat(size) + "' }}" : "t".repeat(size) + "{{ f1 }}";
  }

  private String manyExpressions(Random r) {
    return "{{ f0 }}{{ f1 | upper }}".repeat(1 + r.nextInt(150));
  }

  private String filterChains(Random r) {
    StringBuilder t = new StringBuilder("{{ f").append(r.nextInt(4));
    for (int i = r.nextInt(12); i > 0; i--) {
      t.append(" | ").append(r.nextInt(3) == 0 ? FILTERS[r.nextInt(FILTERS.length)]
          : r.nextBoolean() ? "urlencode" : "base64encode");
    }
    return t.append(" }}").toString();
  }

  private String recursionAttempts(Random r) {
    String[] attacks = {"{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}", "{{ _self }}", "{{ _context }}",
        "{{ parent() }}", "{{ block('b') }}", "{{ \"#{ \"#{ f0 }\" }\" }}", "{{ f0.getClass().forName('x') }}",
        "{{ f0.class }}", "{{ f0.bytes }}", "{{ range(0, 999999999) }}", "{{ (1..999999999) | join }}",
        "{{ f0 ~ f0 ~ f0 }}", "{{ f0 is defined ? f1 : f2 }}", "{{ max(f0, f1) }}", "{{ i18n('x') }}",
        "{{ \"#{".repeat(200) + "f0" + "}\"".repeat(200) + " }}"};
    return attacks[r.nextInt(attacks.length)];
  }

  private String unicodeNoise(Random r) {
    StringBuilder t = new StringBuilder();
    for (int i = r.nextInt(400); i > 0; i--) {
      int kind = r.nextInt(6);
      if (kind == 0) {
        t.append((char) (0xD800 + r.nextInt(0x800))); // a lone surrogate
      } else if (kind == 1) {
        t.appendCodePoint(0x10000 + r.nextInt(0x10000));
      } else if (kind == 2) {
        t.append("\uFEFF\u202E\u200B\u0000\u0301");
      } else if (kind == 3) {
        t.append(DELIMITERS.charAt(r.nextInt(DELIMITERS.length())));
      } else if (kind == 4) {
        t.append("{{ f").append(r.nextInt(5)).append(" }}");
      } else {
        t.appendCodePoint(r.nextInt(0x3000));
      }
    }
    return t.toString();
  }

  private String mutatedValid(Random r) {
    StringBuilder t = new StringBuilder("jdbc:postgresql://{{ f0 }}:{{ f1 | default('5432') }}/{{ db.host }}"
        + "?password={{ f2 | urlencode }}&x={{ \"lit\" | upper }}{# note #}");
    for (int i = 1 + r.nextInt(6); i > 0; i--) {
      int at = r.nextInt(t.length() + 1);
      if (r.nextBoolean() && at < t.length()) {
        t.deleteCharAt(at);
      } else {
        t.insert(at, DELIMITERS.charAt(r.nextInt(DELIMITERS.length())));
      }
    }
    return t.toString();
  }

  private String longAttributeChains(Random r) {
    return "{{ db" + ".host".repeat(r.nextInt(800)) + (r.nextBoolean() ? "()" : "") + " }}";
  }

  private String validGrammar(Random r) {
    StringBuilder t = new StringBuilder();
    String[] sources = {"f0", "f1", "db.host", "db['host']", "num", "n | default('none')", "absent | default('d')",
        "'lit'"};
    for (int i = r.nextInt(8); i >= 0; i--) {
      t.append(r.nextBoolean() ? "text-" + i : "").append("{{ ").append(sources[r.nextInt(sources.length)]);
      for (int f = r.nextInt(4); f > 0; f--) {
        t.append(" | ").append(FILTERS[r.nextInt(5)]);
      }
      t.append(" }}");
    }
    return t.toString();
  }

  /** Values of blanks that trim away: no output to stop the render, only work. */
  private String workBomb(Random r) {
    return "{{ w | upper | lower | trim }}".repeat(1 + r.nextInt(60));
  }

  // ---- payloads: two secrets of the same shape, with different characters in every value

  private String[] payloadPair(int n) {
    return switch (n % 10) {
      case 0 -> new String[] {"\uFEFF{\"f0\":\"S3CRET\"}", "\uFEFF{\"f0\":\"S3CRET\"}".replace('S', 'T')};
      case 1 -> new String[] {null, null};
      case 2 -> pairOf(depth -> deepJson(900), 1);
      case 3 -> new String[] {"{" + "[".repeat(5000), "{" + "[".repeat(5000)};
      case 4 -> pairOf(seed -> "S3CRET" + "%".repeat(random.nextInt(80_000)), 0);
      case 5 -> new String[] {"{not json S3CRET", "{not json S3CRAT"};
      case 6 -> new String[] {"{\"w\":\"S3CRET" + " ".repeat(200_000) + "\"}",
          "{\"w\":\"T4DRFU" + " ".repeat(200_000) + "\"}"};
      default -> jsonPair();
    };
  }

  private String[] pairOf(Function<Integer, String> value, int ignored) {
    String v = value.apply(0);
    return new String[] {v, v.replace("S3CRET", "S3CRAT")};
  }

  private String[] jsonPair() {
    StringBuilder a = new StringBuilder("{");
    StringBuilder b = new StringBuilder("{");
    int fields = 1 + random.nextInt(6);
    for (int i = 0; i < fields; i++) {
      int length = random.nextInt(10) == 0 ? random.nextInt(120_000) : random.nextInt(40);
      StringBuilder va = new StringBuilder("S3CRET");
      StringBuilder vb = new StringBuilder("T4DRFU");
      for (int c = 0; c < length; c++) {
        int k = random.nextInt(FIELD_CHARS.length());
        va.append(FIELD_CHARS.charAt(k));
        vb.append(FIELD_CHARS.charAt((k + 1 + random.nextInt(FIELD_CHARS.length() - 1)) % FIELD_CHARS.length()));
      }
      String sep = i == 0 ? "" : ",";
      a.append(sep).append("\"f").append(i).append("\":\"").append(va).append('"');
      b.append(sep).append("\"f").append(i).append("\":\"").append(vb).append('"');
    }
    String db = ",\"db\":{\"host\":\"S3CRET-h\"},\"n\":null,\"num\":12.50}";
    return new String[] {a + db, b + db.replace("S3CRET-h", "X9ZQWE-k")};
  }

  private static String deepJson(int depth) {
    return "{\"f0\":" + "{\"a\":".repeat(depth) + "\"S3CRET\"" + "}".repeat(depth) + "}";
  }

  private static List<DataMapping> wholeSecretRepeated(int times) {
    List<DataMapping> data = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      data.add(new DataMapping("D" + i, null));
    }
    return data;
  }

  private static SecretValue binarySecret() {
    byte[] bytes = new byte[70_000];
    new Random(SEED).nextBytes(bytes);
    return SecretRendererTest.binary(bytes);
  }

  private static String shown(String template) {
    return template.length() > 120 ? template.substring(0, 120) + "...(" + template.length() + " chars)" : template;
  }
}
