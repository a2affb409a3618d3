/** Module p2p. */
package io.cybergraph.p2p;
