/** The implementation of the application API; nothing here is public API. */
package dev.sluice.ss.impl;
