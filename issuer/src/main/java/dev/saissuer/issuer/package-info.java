/** The {@code sa-issuer} program: its entry point and the one place that turns failures into exit codes. */
package dev.saissuer.issuer;
