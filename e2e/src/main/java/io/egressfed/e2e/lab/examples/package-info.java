/**
 * The example manifests and what a simulated cluster must contain for them to mean something there
 * (gateway nodes carrying pool addresses, namespaces and pods matching the intents' selectors).
 */
package io.egressfed.e2e.lab.examples;
