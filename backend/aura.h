/* SPDX-License-Identifier: GPL-3.0-or-later */
/* aura.h: the one public header of libaura. */

#pragma once

#define AURA_INSIDE
#include "aura-api-keys.h"
#include "aura-audit-entry.h"
#include "aura-dns.h"
#include "aura-domain-scan.h"
#include "aura-email-check-run.h"
#include "aura-email-check.h"
#include "aura-engine.h"
#include "aura-entity-list.h"
#include "aura-entity-type.h"
#include "aura-entity.h"
#include "aura-graph-analytics.h"
#include "aura-graph-exchange.h"
#include "aura-graph.h"
#include "aura-harvest.h"
#include "aura-http.h"
#include "aura-investigation.h"
#include "aura-layout.h"
#include "aura-link-out.h"
#include "aura-page-extract.h"
#include "aura-phone-lookup.h"
#include "aura-phone.h"
#include "aura-rdap.h"
#include "aura-relation.h"
#include "aura-site-list.h"
#include "aura-site-update.h"
#include "aura-site.h"
#include "aura-source-list.h"
#include "aura-source-scan.h"
#include "aura-store.h"
#include "aura-subdomain.h"
#include "aura-tool-registry.h"
#include "aura-username-scan.h"
#undef AURA_INSIDE
