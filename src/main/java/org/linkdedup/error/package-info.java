/**
 * Exit statuses and the exception family that carries them; the bottom layer, used by every stage.
 */
package org.linkdedup.error;
