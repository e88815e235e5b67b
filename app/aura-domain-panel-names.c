/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "aura-app"
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "aura-domain-panel-private.h"

/* The names list of the domain panel (aura-domain-panel-private.h): small
 * AuraDomainNameItem objects in a sorted GListStore behind a
 * GtkFilterListModel, which the panel's GtkListView shows; only the rows on
 * screen are widgets. */

#define FLUSH_INTERVAL_MS 100

/* ---- AuraDomainNameItem ------------------------------------------------------ */

struct _AuraDomainNameItem
{
  GObject parent_instance;

  char *name;
  char *details;
  char *sources;
  char *search_key; /* casefolded name and addresses, for the filter */
  AuraDomainNameStatus status;
  guint n_sources;   /* how many sources the last announcement listed */
  gboolean in_store; /* FALSE while held back for the next flush */
};

G_DEFINE_FINAL_TYPE (AuraDomainNameItem, aura_domain_name_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NAME,
  PROP_DETAILS,
  PROP_SOURCES,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static AuraDomainNameItem *
name_item_new (const char *name)
{
  AuraDomainNameItem *self = g_object_new (AURA_TYPE_DOMAIN_NAME_ITEM, NULL);

  self->name = g_strdup (name);
  self->details = g_strdup ("");
  self->sources = g_strdup ("");
  self->search_key = g_utf8_casefold (name, -1);
  return self;
}

/* Replaces *@field with @value, notifying @pspec when it changed; takes
 * @value. */
static void
item_set_string (AuraDomainNameItem *self, char **field, char *value, GParamSpec *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    {
      g_free (value);
      return;
    }
  g_free (*field);
  *field = value;
  if (pspec != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

const char *
aura_domain_name_item_get_name (AuraDomainNameItem *self)
{
  g_return_val_if_fail (AURA_IS_DOMAIN_NAME_ITEM (self), NULL);
  return self->name;
}

const char *
aura_domain_name_item_get_details (AuraDomainNameItem *self)
{
  g_return_val_if_fail (AURA_IS_DOMAIN_NAME_ITEM (self), NULL);
  return self->details;
}

const char *
aura_domain_name_item_get_sources (AuraDomainNameItem *self)
{
  g_return_val_if_fail (AURA_IS_DOMAIN_NAME_ITEM (self), NULL);
  return self->sources;
}

AuraDomainNameStatus
aura_domain_name_item_get_status (AuraDomainNameItem *self)
{
  g_return_val_if_fail (AURA_IS_DOMAIN_NAME_ITEM (self), AURA_DOMAIN_NAME_PENDING);
  return self->status;
}

static void
aura_domain_name_item_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  AuraDomainNameItem *self = AURA_DOMAIN_NAME_ITEM (object);

  switch (prop_id)
    {
      case PROP_NAME:
        g_value_set_string (value, self->name);
        break;
      case PROP_DETAILS:
        g_value_set_string (value, self->details);
        break;
      case PROP_SOURCES:
        g_value_set_string (value, self->sources);
        break;
      case PROP_STATUS:
        g_value_set_int (value, (int)self->status);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aura_domain_name_item_finalize (GObject *object)
{
  AuraDomainNameItem *self = AURA_DOMAIN_NAME_ITEM (object);

  g_free (self->name);
  g_free (self->details);
  g_free (self->sources);
  g_free (self->search_key);
  G_OBJECT_CLASS (aura_domain_name_item_parent_class)->finalize (object);
}

static void
aura_domain_name_item_class_init (AuraDomainNameItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = aura_domain_name_item_get_property;
  object_class->finalize = aura_domain_name_item_finalize;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_DETAILS] = g_param_spec_string ("details", NULL, NULL, NULL, flags);
  properties[PROP_SOURCES] = g_param_spec_string ("sources", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_int ("status", NULL, NULL, AURA_DOMAIN_NAME_PENDING,
                                              AURA_DOMAIN_NAME_UNCHECKED, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aura_domain_name_item_init (AuraDomainNameItem *self)
{
}

/* ---- What a row says ------------------------------------------------------------ */

/* The addresses, at most three of them, and the alias they come through. */
static char *
addresses_text (const AuraDomainName *name)
{
  g_autoptr (GString) text = g_string_new (NULL);
  guint shown = MIN (name->addresses->len, 3);
  g_autofree char *addresses = NULL;

  for (guint i = 0; i < shown; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, name->addresses->pdata[i]);
    }
  if (name->addresses->len > shown)
    /* Translators: a few addresses, then how many more there are. */
    addresses = g_strdup_printf (_ ("%s (+%u)"), text->str, name->addresses->len - shown);
  else
    addresses = g_strdup (text->str);
  if (name->cnames->len > 0)
    /* Translators: addresses, then the alias (CNAME) they were reached
     * through, such as “192.0.2.1 via cdn.example.net”. */
    return g_strdup_printf (_ ("%s via %s"), addresses, (char *)name->cnames->pdata[0]);
  return g_steal_pointer (&addresses);
}

static char *
name_details (const AuraDomainName *name, AuraDomainNameStatus status)
{
  switch (status)
    {
      case AURA_DOMAIN_NAME_RESOLVES:
        return addresses_text (name);
      case AURA_DOMAIN_NAME_DANGLING:
        if (name->cnames->len > 0)
          /* Translators: %s is the name the alias points to, which does
           * not exist (a subdomain-takeover candidate). */
          return g_strdup_printf (_ ("Dangling alias to %s"),
                                  (char *)name->cnames->pdata[name->cnames->len - 1]);
        return g_strdup (_ ("Dangling alias"));
      case AURA_DOMAIN_NAME_NO_ADDRESS:
        return g_strdup (_ ("Does not resolve"));
      case AURA_DOMAIN_NAME_UNCHECKED:
        /* Translators: the scan was cancelled before this name was
         * resolved. */
        return g_strdup (_ ("Not resolved"));
      case AURA_DOMAIN_NAME_PENDING:
      default:
        return g_strdup (_ ("Resolving…"));
    }
}

static char *
search_key (const AuraDomainName *name)
{
  g_autoptr (GString) key = g_string_new (name->name);

  for (guint i = 0; i < name->addresses->len; i++)
    {
      g_string_append_c (key, ' ');
      g_string_append (key, name->addresses->pdata[i]);
    }
  return g_utf8_casefold (key->str, -1);
}

/* Where @name stands. The scan says whether a name resolves, not whether
 * it was resolved yet: a name that came without addresses (a passive
 * source's, an MX target's) is announced first, then announced again once
 * resolved with the same sources. So a name is known to be checked when
 * it has addresses or aliases, when an announcement brings no new source
 * (@checked), or when the scan has ended (@ended: finished or cancelled). */
static AuraDomainNameStatus
name_status (const AuraDomainName *name, gboolean checked, gboolean ended, gboolean cancelled)
{
  if (name->resolves || name->addresses->len > 0)
    return AURA_DOMAIN_NAME_RESOLVES;
  if (name->dangling)
    return AURA_DOMAIN_NAME_DANGLING;
  if (checked || name->cnames->len > 0 || (ended && !cancelled))
    return AURA_DOMAIN_NAME_NO_ADDRESS;
  return ended ? AURA_DOMAIN_NAME_UNCHECKED : AURA_DOMAIN_NAME_PENDING;
}

/* ---- The list ------------------------------------------------------------------- */

struct _AuraDomainNameList
{
  GListStore *store;   /* AuraDomainNameItem, sorted by name */
  GHashTable *by_name; /* name → AuraDomainNameItem, listed or held back */
  GPtrArray *pending;  /* AuraDomainNameItem held back, unsorted */
  GHashTable *labels;  /* source → label */
  GtkCustomFilter *filter;
  GtkFilterListModel *shown;
  char *filter_text; /* casefolded, "" for none */
  guint flush_id;
};

/* The sources of a name, by their parts' labels where there is one
 * ("crt.sh" rather than "crtsh"). */
static char *
sources_text (AuraDomainNameList *self, const AuraDomainName *name)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < name->sources->len; i++)
    {
      const char *source = name->sources->pdata[i];
      const char *label = g_hash_table_lookup (self->labels, source);

      if (label == NULL && g_strcmp0 (source, "permutation") == 0)
        /* Translators: names found by trying variations of other names. */
        label = _ ("Permutations");
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, label != NULL ? label : source);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The first place in the store whose name is not before @name (the store
 * is sorted: a binary search). */
static guint
lower_bound (AuraDomainNameList *self, const char *name)
{
  GListModel *model = G_LIST_MODEL (self->store);
  guint low = 0;
  guint high = g_list_model_get_n_items (model);

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      g_autoptr (AuraDomainNameItem) other = g_list_model_get_item (model, middle);

      if (strcmp (other->name, name) < 0)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

static void
item_update (AuraDomainNameList *self,
             AuraDomainNameItem *item,
             const AuraDomainName *name,
             AuraDomainNameStatus status)
{
  char *key = search_key (name);
  gboolean key_changed = g_strcmp0 (item->search_key, key) != 0;

  item_set_string (item, &item->search_key, key, NULL);
  item->n_sources = name->sources->len;
  item_set_string (item, &item->details, name_details (name, status), properties[PROP_DETAILS]);
  item_set_string (item, &item->sources, sources_text (self, name), properties[PROP_SOURCES]);
  if (item->status != status)
    {
      item->status = status;
      g_object_notify_by_pspec (G_OBJECT (item), properties[PROP_STATUS]);
    }
  /* A name filtered out may match once its addresses are known: putting
   * it back in its place makes the filter look at it again. */
  if (key_changed && item->in_store && *self->filter_text != '\0')
    {
      guint position = lower_bound (self, item->name);

      g_list_store_splice (self->store, position, 1, (gpointer *)&item, 1);
    }
}

static int
compare_pending (gconstpointer a, gconstpointer b)
{
  const AuraDomainNameItem *x = *(AuraDomainNameItem *const *)a;
  const AuraDomainNameItem *y = *(AuraDomainNameItem *const *)b;

  return strcmp (x->name, y->name);
}

/* The names held back go in with one splice: from the place of the first
 * to the place of the last, the listed names there and the new ones,
 * merged in order. GTK keeps the rows of the listed names it takes back,
 * so only the new names' rows are bound. */
void
aura_domain_name_list_flush (AuraDomainNameList *self)
{
  GListModel *model = G_LIST_MODEL (self->store);
  g_autoptr (GPtrArray) merged = NULL;
  AuraDomainNameItem *first;
  AuraDomainNameItem *last;
  guint start, end, i, j = 0;
  AuraDomainNameItem *listed = NULL;

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->pending->len == 0)
    return;
  g_ptr_array_sort (self->pending, compare_pending);
  first = self->pending->pdata[0];
  last = self->pending->pdata[self->pending->len - 1];
  start = lower_bound (self, first->name);
  end = lower_bound (self, last->name);
  merged = g_ptr_array_new_full (end - start + self->pending->len, g_object_unref);
  i = start;
  for (;;)
    {
      AuraDomainNameItem *next = j < self->pending->len ? self->pending->pdata[j] : NULL;

      if (listed == NULL && i < end)
        listed = g_list_model_get_item (model, i);
      if (listed == NULL && next == NULL)
        break;
      if (next == NULL || (listed != NULL && strcmp (listed->name, next->name) < 0))
        {
          g_ptr_array_add (merged, g_steal_pointer (&listed));
          i++;
        }
      else
        {
          next->in_store = TRUE;
          g_ptr_array_add (merged, g_object_ref (next));
          j++;
        }
    }
  g_ptr_array_set_size (self->pending, 0);
  g_list_store_splice (self->store, start, end - start, merged->pdata, merged->len);
}

static gboolean
flush_cb (gpointer data)
{
  AuraDomainNameList *self = data;

  self->flush_id = 0;
  aura_domain_name_list_flush (self);
  return G_SOURCE_REMOVE;
}

void
aura_domain_name_list_announce (AuraDomainNameList *self, const AuraDomainName *name)
{
  AuraDomainNameItem *item = g_hash_table_lookup (self->by_name, name->name);
  gboolean checked = FALSE;

  if (item == NULL)
    {
      item = name_item_new (name->name);
      g_hash_table_insert (self->by_name, item->name, item);
      g_ptr_array_add (self->pending, item);
      if (self->flush_id == 0)
        self->flush_id = g_timeout_add (FLUSH_INTERVAL_MS, flush_cb, self);
    }
  else
    checked = name->sources->len <= item->n_sources;
  item_update (self, item, name, name_status (name, checked, FALSE, FALSE));
}

void
aura_domain_name_list_finish (AuraDomainNameList *self, GPtrArray *names, gboolean cancelled)
{
  for (guint i = 0; i < names->len; i++)
    {
      const AuraDomainName *name = names->pdata[i];
      AuraDomainNameItem *item = g_hash_table_lookup (self->by_name, name->name);
      gboolean checked;

      if (item == NULL)
        {
          aura_domain_name_list_announce (self, name);
          item = g_hash_table_lookup (self->by_name, name->name);
        }
      checked = item->status == AURA_DOMAIN_NAME_NO_ADDRESS;
      item_update (self, item, name, name_status (name, checked, TRUE, cancelled));
    }
  aura_domain_name_list_flush (self);
}

void
aura_domain_name_list_clear (AuraDomainNameList *self)
{
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_ptr_array_set_size (self->pending, 0);
  g_hash_table_remove_all (self->by_name);
  g_list_store_remove_all (self->store);
}

void
aura_domain_name_list_set_label (AuraDomainNameList *self, const char *source, const char *label)
{
  if (label != NULL)
    g_hash_table_replace (self->labels, g_strdup (source), g_strdup (label));
}

GListModel *
aura_domain_name_list_get_all (AuraDomainNameList *self)
{
  return G_LIST_MODEL (self->store);
}

GListModel *
aura_domain_name_list_get_shown (AuraDomainNameList *self)
{
  return G_LIST_MODEL (self->shown);
}

static gboolean
filter_match (gpointer object, gpointer user_data)
{
  AuraDomainNameList *self = user_data;
  AuraDomainNameItem *item = object;

  return *self->filter_text == '\0' || strstr (item->search_key, self->filter_text) != NULL;
}

gboolean
aura_domain_name_list_set_filter (AuraDomainNameList *self, const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *folded = g_utf8_casefold (stripped, -1);
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (strcmp (folded, self->filter_text) == 0)
    return FALSE;
  /* Typing on narrows what shows, erasing widens it: GTK then only looks
   * again at the names that can change sides. */
  if (strstr (folded, self->filter_text) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (self->filter_text, folded) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  g_free (self->filter_text);
  self->filter_text = g_steal_pointer (&folded);
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  return TRUE;
}

AuraDomainNameList *
aura_domain_name_list_new (void)
{
  AuraDomainNameList *self = g_new0 (AuraDomainNameList, 1);

  self->store = g_list_store_new (AURA_TYPE_DOMAIN_NAME_ITEM);
  /* Items live in the table from their announcement; the store and the
   * pending array hold references of their own. */
  self->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->pending = g_ptr_array_new ();
  self->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->filter_text = g_strdup ("");
  self->filter = gtk_custom_filter_new (filter_match, self, NULL);
  self->shown = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->store)),
                                           g_object_ref (GTK_FILTER (self->filter)));
  return self;
}

void
aura_domain_name_list_free (AuraDomainNameList *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->flush_id, g_source_remove);
  /* The filter calls back into @self: it goes first. */
  gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  g_clear_object (&self->shown);
  g_clear_object (&self->filter);
  g_ptr_array_unref (self->pending);
  g_hash_table_unref (self->by_name);
  g_hash_table_unref (self->labels);
  g_clear_object (&self->store);
  g_free (self->filter_text);
  g_free (self);
}

/* ---- Rows ----------------------------------------------------------------------- */

/* Setting a tooltip asks the X server where the pointer is, a round trip:
 * rows are rebound often, so only a change is passed on. */
static void
set_tooltip (GtkWidget *widget, const char *text)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

static void
setup_row_cb (GtkListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);
  GtkWidget *sources = gtk_label_new (NULL);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_label_set_xalign (GTK_LABEL (details), 1.0);
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (details), 44);
  gtk_widget_add_css_class (details, "numeric");
  gtk_label_set_xalign (GTK_LABEL (sources), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (sources), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (sources, "caption");
  gtk_widget_add_css_class (sources, "dim-label");
  gtk_box_append (GTK_BOX (line), name);
  gtk_box_append (GTK_BOX (line), details);
  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), sources);
  g_object_set_data (G_OBJECT (box), "aura-name", name);
  g_object_set_data (G_OBJECT (box), "aura-details", details);
  g_object_set_data (G_OBJECT (box), "aura-sources", sources);
  gtk_list_item_set_child (list_item, box);
}

static void
sync_row (GtkWidget *box, AuraDomainNameItem *item)
{
  GtkWidget *details = g_object_get_data (G_OBJECT (box), "aura-details");
  GtkWidget *sources = g_object_get_data (G_OBJECT (box), "aura-sources");
  g_autofree char *found_by = NULL;

  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "aura-name"), item->name);
  gtk_label_set_label (GTK_LABEL (details), item->details);
  gtk_label_set_label (GTK_LABEL (sources), item->sources);
  /* Translators: the sources that found a name, such as “Brute force,
   * crt.sh”. */
  found_by = g_strdup_printf (_ ("Found by %s"), item->sources);
  set_tooltip (sources, found_by);
  if (item->status == AURA_DOMAIN_NAME_DANGLING)
    {
      gtk_widget_add_css_class (details, "warning");
      gtk_widget_remove_css_class (details, "dim-label");
      set_tooltip (details, _ ("The alias points to a name that does not exist: whoever "
                               "registers that name could take this one over"));
    }
  else
    {
      gtk_widget_remove_css_class (details, "warning");
      gtk_widget_add_css_class (details, "dim-label");
      set_tooltip (details, item->details);
    }
}

static void
item_notify_cb (AuraDomainNameItem *item, GParamSpec *pspec, GtkWidget *box)
{
  sync_row (box, item);
}

static void
bind_row_cb (GtkListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  AuraDomainNameItem *item = gtk_list_item_get_item (list_item);

  sync_row (box, item);
  g_signal_connect_object (item, "notify", G_CALLBACK (item_notify_cb), box, 0);
}

static void
unbind_row_cb (GtkListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  AuraDomainNameItem *item = gtk_list_item_get_item (list_item);

  if (item != NULL)
    g_signal_handlers_disconnect_by_func (item, item_notify_cb, box);
}

GtkListItemFactory *
aura_domain_name_list_new_factory (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  return factory;
}
