package io.egressfed.e2e.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The machine a benchmark ran on, recorded beside the figures.
 *
 * @param cores processors available to the JVM
 * @param memoryGiB physical memory, GiB (0 when the JVM cannot tell)
 * @param maxHeapMiB the JVM's maximum heap, MiB
 * @param jvm vendor and version of the JVM
 * @param os operating system name, version and architecture
 */
public record Machine(int cores, double memoryGiB, long maxHeapMiB, String jvm, String os) {

    /** This machine and JVM. */
    public static Machine current() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        double memory = os instanceof com.sun.management.OperatingSystemMXBean sun
                ? Math.round(sun.getTotalMemorySize() / (1024.0 * 1024 * 1024) * 10) / 10.0 : 0;
        return new Machine(Runtime.getRuntime().availableProcessors(), memory,
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
    }

    /** One line for the console. */
    public String describe() {
        return cores + " cores, " + memoryGiB + " GiB memory, JVM " + jvm + " (max heap " + maxHeapMiB + " MiB), "
                + os;
    }
}
