/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <math.h>

#include "aura-graph-view-private.h"

/* The graph canvas's colours: one per entity type, one per group
 * (communities, components), and the black or white of the type icons
 * chosen by contrast with the disc (WCAG 2 relative luminance). */

static const GdkRGBA white = { 1.0f, 1.0f, 1.0f, 1.0f };
static const GdkRGBA black = { 0.0f, 0.0f, 0.0f, 1.0f };

/* One colour per entity type, from the GNOME palette. */
static const GdkRGBA type_colors[AURA_ENTITY_N_TYPES] = {
  [AURA_ENTITY_USERNAME] = { 0.208f, 0.518f, 0.894f, 1.0f },     /* blue 3 */
  [AURA_ENTITY_EMAIL] = { 0.902f, 0.380f, 0.000f, 1.0f },        /* orange 4 */
  [AURA_ENTITY_PHONE] = { 0.180f, 0.761f, 0.494f, 1.0f },        /* green 4 */
  [AURA_ENTITY_DOMAIN] = { 0.569f, 0.255f, 0.675f, 1.0f },       /* purple 3 */
  [AURA_ENTITY_SUBDOMAIN] = { 0.753f, 0.380f, 0.796f, 1.0f },    /* purple 2 */
  [AURA_ENTITY_IP] = { 0.129f, 0.565f, 0.643f, 1.0f },           /* teal */
  [AURA_ENTITY_URL] = { 0.525f, 0.369f, 0.235f, 1.0f },          /* brown 3 */
  [AURA_ENTITY_ACCOUNT] = { 0.102f, 0.373f, 0.706f, 1.0f },      /* blue 5 */
  [AURA_ENTITY_PERSON] = { 0.878f, 0.106f, 0.141f, 1.0f },       /* red 3 */
  [AURA_ENTITY_ORGANISATION] = { 0.647f, 0.114f, 0.176f, 1.0f }, /* red 5 */
  [AURA_ENTITY_LOCATION] = { 0.149f, 0.635f, 0.412f, 1.0f },     /* green 5 */
  [AURA_ENTITY_IMAGE] = { 0.784f, 0.533f, 0.000f, 1.0f },        /* yellow 5 */
  [AURA_ENTITY_VIDEO] = { 0.804f, 0.576f, 0.035f, 1.0f },        /* yellow 4 */
  [AURA_ENTITY_HASHTAG] = { 0.863f, 0.541f, 0.867f, 1.0f },      /* purple 1 */
  [AURA_ENTITY_CERTIFICATE] = { 0.388f, 0.271f, 0.173f, 1.0f },  /* brown 5 */
  [AURA_ENTITY_ASN] = { 0.039f, 0.424f, 0.490f, 1.0f },          /* dark teal */
  [AURA_ENTITY_DOCUMENT] = { 0.369f, 0.361f, 0.392f, 1.0f },     /* dark 1 */
  [AURA_ENTITY_IDENTIFIER] = { 0.467f, 0.463f, 0.482f, 1.0f },   /* light 5 */
  [AURA_ENTITY_NETWORK] = { 0.110f, 0.443f, 0.847f, 0.8f },      /* blue 4 */
};

/* Group colours (communities, components), biggest group first, from the
 * GNOME palette, apart enough to tell neighbours apart. */
static const GdkRGBA group_colors[AURA_GRAPH_N_GROUP_COLORS] = {
  { 0.208f, 0.518f, 0.894f, 1.0f }, /* blue 3 */
  { 0.902f, 0.380f, 0.000f, 1.0f }, /* orange 4 */
  { 0.180f, 0.761f, 0.494f, 1.0f }, /* green 4 */
  { 0.569f, 0.255f, 0.675f, 1.0f }, /* purple 3 */
  { 0.878f, 0.106f, 0.141f, 1.0f }, /* red 3 */
  { 0.965f, 0.827f, 0.176f, 1.0f }, /* yellow 3 */
  { 0.129f, 0.565f, 0.643f, 1.0f }, /* teal */
  { 0.596f, 0.416f, 0.267f, 1.0f }, /* brown 2 */
  { 0.863f, 0.541f, 0.867f, 1.0f }, /* purple 1 */
  { 0.600f, 0.757f, 0.945f, 1.0f }, /* blue 1 */
  { 0.561f, 0.941f, 0.643f, 1.0f }, /* green 1 */
  { 0.965f, 0.380f, 0.318f, 1.0f }, /* red 1 */
};

static const GdkRGBA other_group_color = { 0.604f, 0.600f, 0.588f, 1.0f }; /* light 4 */

const GdkRGBA *
aura_graph_view_type_color (AuraEntityType type)
{
  g_return_val_if_fail (type < AURA_ENTITY_N_TYPES, &type_colors[0]);
  return &type_colors[type];
}

const GdkRGBA *
aura_graph_view_group_color (guint group)
{
  return group < AURA_GRAPH_N_GROUP_COLORS ? &group_colors[group] : &other_group_color;
}

/* WCAG 2 relative luminance of an sRGB colour (alpha left out). */
static double
relative_luminance (const GdkRGBA *color)
{
  double channels[3] = { color->red, color->green, color->blue };

  for (guint k = 0; k < 3; k++)
    {
      double c = CLAMP (channels[k], 0.0, 1.0);

      channels[k] = c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
    }
  return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
}

double
aura_graph_view_contrast_ratio (const GdkRGBA *a, const GdkRGBA *b)
{
  double la, lb;

  g_return_val_if_fail (a != NULL && b != NULL, 1.0);
  la = relative_luminance (a);
  lb = relative_luminance (b);
  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

const GdkRGBA *
aura_graph_view_icon_color (const GdkRGBA *disc)
{
  g_return_val_if_fail (disc != NULL, &white);
  /* Ties go to white, the symbolic icons' usual colour. */
  return aura_graph_view_contrast_ratio (disc, &black) >
                 aura_graph_view_contrast_ratio (disc, &white)
             ? &black
             : &white;
}

const GdkRGBA *
aura_graph_view_node_base_color (AuraGraphView *self, guint node)
{
  if (self->groups != NULL)
    return aura_graph_view_group_color (self->groups[node]);
  return &type_colors[self->graph->types[node]];
}
