/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Passive subdomain and email sources: the manifests (aura-source-list.h),
 * API keys (aura-api-keys.h) and the scan that runs them
 * (aura-source-scan.h). See backend/tools/sources/README.md. */

#include "aura-api-keys.h"
#include "aura-source-list.h"
#include "aura-source-scan.h"
