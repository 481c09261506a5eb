package io.egressfed.testsupport;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 extension behind {@link RealEtcd}: one {@link EtcdLauncher} per test class, kept in the
 * class's {@link ExtensionContext.Store} (which closes it when the class is done) and injected into
 * parameters of type {@link EtcdLauncher}.
 *
 * <p>Without a binary every test of the class is skipped on its own (a class-level skip would be
 * reported by Surefire as zero tests, hiding the reason), and a warning is logged once per class.
 */
public final class EtcdExtension
        implements BeforeAllCallback, TestInstancePreConstructCallback, BeforeEachCallback, ParameterResolver {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EtcdExtension.class);

    /**
     * Makes sure the class's etcd server runs before any test (or skips / fails the class when no
     * binary is installed).
     *
     * @param context the test class's context
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        Map<String, String> env = System.getenv();
        if (EtcdBinary.locate(env).isEmpty()) {
            if (isCi(env)) {
                onMissingBinary(env);
            }
            LOG.warn("skipping {}: {}", context.getDisplayName(), EtcdBinary.INSTALL_HINT);
            return;
        }
        launcherFor(context);
    }

    /**
     * Skips the test before its class is instantiated when no etcd binary is installed, so that a
     * constructor taking an {@link EtcdLauncher} is never called (JUnit would report the failed
     * parameter resolution as an error, not a skip).
     *
     * @param factoryContext the class about to be instantiated
     * @param context the current context
     */
    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        requireEtcdBinary();
    }

    /**
     * Skips the test when no etcd binary is installed.
     *
     * @param context the test's context
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        requireEtcdBinary();
    }

    /**
     * Supports parameters of type {@link EtcdLauncher}.
     *
     * @param parameterContext the parameter
     * @param extensionContext the current context
     * @return whether the parameter is an {@link EtcdLauncher}
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EtcdLauncher.class;
    }

    /**
     * Returns the test class's running launcher.
     *
     * @param parameterContext the parameter
     * @param extensionContext the current context
     * @return the launcher shared by the test class
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return launcherFor(extensionContext);
    }

    /**
     * Returns the etcd binary, or aborts the calling test with {@link EtcdBinary#INSTALL_HINT} when
     * there is none (failing instead when {@code CI=true}). For tests that manage launchers themselves.
     *
     * @return the etcd binary
     */
    public static Path requireEtcdBinary() {
        Map<String, String> env = System.getenv();
        Optional<Path> binary = EtcdBinary.locate(env);
        if (binary.isEmpty()) {
            onMissingBinary(env);
        }
        return binary.orElseThrow();
    }

    /**
     * Reacts to a missing etcd binary: skips the test (JUnit assumption) or, when the environment
     * says {@code CI=true}, fails it.
     *
     * @param env the environment to consult for {@code CI}
     * @throws IllegalStateException on CI
     * @throws org.opentest4j.TestAbortedException elsewhere (the test is reported as skipped)
     */
    static void onMissingBinary(Map<String, String> env) {
        if (isCi(env)) {
            throw new IllegalStateException("CI=true and tests need a real etcd: " + EtcdBinary.INSTALL_HINT);
        }
        Assumptions.assumeTrue(false, EtcdBinary.INSTALL_HINT);
    }

    private static boolean isCi(Map<String, String> env) {
        return "true".equalsIgnoreCase(env.getOrDefault("CI", "").trim());
    }

    private static EtcdLauncher launcherFor(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().orElseThrow();
        }
        Path binary = requireEtcdBinary();
        return classContext.getStore(NAMESPACE)
                .computeIfAbsent(EtcdLauncher.class, key -> EtcdLauncher.startNew(binary), EtcdLauncher.class);
    }
}
