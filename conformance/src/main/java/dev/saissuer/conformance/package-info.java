/** A black-box conformance kit that holds any service-account issuer URL to the specs relying parties depend on. */
package dev.saissuer.conformance;
