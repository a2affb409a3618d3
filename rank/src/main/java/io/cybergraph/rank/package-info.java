/** Module rank. */
package io.cybergraph.rank;
