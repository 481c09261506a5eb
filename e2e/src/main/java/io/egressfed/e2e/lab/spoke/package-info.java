/** One member cluster of the lab: a simulated cluster, its simulators, and a real egressfed agent. */
package io.egressfed.e2e.lab.spoke;
