package io.egressfed.e2e.lab.chaos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines that run a main class in a new JVM on this JVM's class path (under Maven Surefire
 * that is its manifest-only booter jar, which names the test class path), with small heaps and quick
 * JIT so several JVMs fit on a small machine.
 *
 * @param java      the {@code java} executable
 * @param classPath the class path
 * @param options   JVM options
 */
public record JavaCommand(Path java, String classPath, List<String> options) {

    /** Copies the options. */
    public JavaCommand {
        options = List.copyOf(options);
    }

    /** The JVM running this code, its class path, and lab-sized options. */
    public static JavaCommand ofThisJvm() {
        return new JavaCommand(Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"),
                List.of("-Xmx256m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    }

    /** {@code java OPTIONS -cp CLASSPATH MAIN ARGUMENTS}. */
    public List<String> main(String mainClass, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(options);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }
}
