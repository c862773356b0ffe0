/** JMH benchmarks of the reload path: key files to rendered documents, the work done once per key change. */
package dev.saissuer.bench;
