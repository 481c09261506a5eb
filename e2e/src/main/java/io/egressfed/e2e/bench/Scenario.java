package io.egressfed.e2e.bench;

/** One benchmark scenario: sets up what it needs, measures, and tears down. */
public interface Scenario {

    /**
     * The scenario's name, the key of its figures in the JSON report.
     *
     * @return e.g. {@code propagation}
     */
    String name();

    /**
     * Runs the scenario to the end.
     *
     * @return what it measured
     * @throws Exception when the lab cannot be set up or does not converge in time; the message says which
     */
    ScenarioReport run() throws Exception;
}
