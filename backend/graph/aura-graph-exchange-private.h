/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aura-graph-exchange.h"

G_BEGIN_DECLS

/* @text with invalid UTF-8 and the characters XML 1.0 cannot carry
 * replaced by U+FFFD. */
char *aura_graph_xml_safe (const char *text);

/* The entity type a value most likely has when a file does not say:
 * URL, email, IP address, domain, else person. */
AuraEntityType aura_graph_guess_type (const char *value);

G_END_DECLS
