/** Test support for every module: a real sa-issuer process, a throwaway CA, key files, free ports, bounded waits. */
package dev.saissuer.testkit;
