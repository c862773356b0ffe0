/** Unit tests of the publisher: object layout, plans and runs, against a store held in memory. */
package dev.saissuer.issuer.publish;
