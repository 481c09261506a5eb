package io.egressfed.api.manifest;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The snakeyaml set-up of manifests.
 *
 * <p>Reading resolves plain scalars by the YAML 1.2 core schema, as Kubernetes does after its
 * YAML-to-JSON step: only {@code true}/{@code false} are booleans, only {@code null}, {@code ~} and
 * nothing are null, and timestamps stay strings. So {@code on}, {@code yes} or {@code 2024-05-01}
 * are strings. Writing quotes every string that either YAML 1.1 or 1.2 readers would take for
 * something else, so other tools read the output as we do.
 */
final class ManifestYaml {

  private ManifestYaml() {
  }

  /** A Yaml instance for {@link Yaml#composeAll}; its constructor is never used to build objects. */
  static Yaml reader(ManifestLimits limits) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(limits.maxAliases());
    options.setNestingDepthLimit(limits.maxNestingDepth());
    options.setCodePointLimit(limits.maxDocumentCodePoints());
    options.setMergeOnCompose(false);
    options.setProcessComments(false);
    DumperOptions unused = new DumperOptions();
    return new Yaml(new SafeConstructor(options), new Representer(unused), unused, options,
        new CoreSchemaResolver());
  }

  /** A Yaml instance that dumps trees of maps, lists, strings, numbers and booleans. */
  static Yaml writer() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setDefaultScalarStyle(DumperOptions.ScalarStyle.PLAIN);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    options.setSplitLines(false);
    options.setWidth(1000);
    options.setAllowUnicode(true);
    options.setLineBreak(DumperOptions.LineBreak.UNIX);
    options.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
    options.setDereferenceAliases(true);
    LoaderOptions loaderOptions = new LoaderOptions();
    Resolver resolver = new QuoteAmbiguousResolver();
    return new Yaml(new SafeConstructor(loaderOptions), new ManifestRepresenter(options, resolver),
        options, loaderOptions, resolver);
  }

  /**
   * Writes strings that would read as something else ({@code "true"}, {@code "443"}) in double
   * quotes, as kubectl does; snakeyaml alone would pick single quotes.
   */
  static final class ManifestRepresenter extends Representer {

    ManifestRepresenter(DumperOptions options, Resolver resolver) {
      super(options);
      this.representers.put(String.class, data -> {
        String text = (String) data;
        boolean ambiguous = !Tag.STR.equals(resolver.resolve(NodeId.scalar, text, true));
        return representScalar(Tag.STR, text,
            ambiguous ? DumperOptions.ScalarStyle.DOUBLE_QUOTED : DumperOptions.ScalarStyle.PLAIN);
      });
    }
  }

  /** YAML 1.2 core schema, minus the octal and hexadecimal integer forms. */
  static final class CoreSchemaResolver extends Resolver {

    private static final Pattern CORE_BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
    private static final Pattern CORE_INT = Pattern.compile("^[-+]?[0-9]+$");
    private static final Pattern CORE_FLOAT = Pattern.compile(
        "^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
    private static final Pattern CORE_NULL = Pattern.compile("^(?:~|null|Null|NULL)$");

    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, CORE_BOOL, "tTfF");
      addImplicitResolver(Tag.INT, CORE_INT, "-+0123456789");
      addImplicitResolver(Tag.FLOAT, CORE_FLOAT, "-+0123456789.");
      addImplicitResolver(Tag.NULL, CORE_NULL, "~nN\0");
      addImplicitResolver(Tag.NULL, EMPTY, null);
    }
  }

  /**
   * The YAML 1.1 resolver, which also calls a string ambiguous when the core schema would read it
   * as something else; the serializer quotes every string this does not resolve to {@code !!str}.
   */
  static final class QuoteAmbiguousResolver extends Resolver {

    private final Resolver core = new CoreSchemaResolver();

    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
      Tag yaml11 = super.resolve(kind, value, implicit);
      if (kind == NodeId.scalar && implicit && Tag.STR.equals(yaml11)) {
        return core.resolve(kind, value, implicit);
      }
      return yaml11;
    }
  }
}
