/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "aura-app-util.h"
#include "aura-graph-page.h"

G_BEGIN_DECLS

/* What the graph page's files share: aura-graph-page.c (reading, node
 * actions, toolbar, life cycle), aura-graph-page-jobs.c (worker threads,
 * positions, layout), aura-graph-page-analytics.c (counts, legend, sizes
 * and colours by analytics) and aura-graph-page-edit.c (deleting with
 * undo, merging, export). */

#define RELOAD_DELAY_MS 300
#define SAVE_DELAY_MS 800
#define LAYOUT_INTERVAL_MS 50
#define LAYOUT_MAX_ITERATIONS 1500
/* Above this many nodes betweenness is estimated from sampled sources, as
 * aura-cli graph stats does. */
#define BETWEENNESS_EXACT_MAX 5000
#define BETWEENNESS_SAMPLES 500

/* The "Size by" and "Colour by" choices, in their drop-downs' order. */
enum
{
  SIZE_BY_NOTHING,
  SIZE_BY_DEGREE,
  SIZE_BY_BETWEENNESS,
};

enum
{
  COLOUR_BY_TYPE,
  COLOUR_BY_COMMUNITY,
  COLOUR_BY_COMPONENT,
};

struct _AuraGraphPage
{
  GtkWidget parent_instance;

  AuraStore *store;
  gint64 investigation_id;
  GCancellable *cancellable;        /* store reads; cancelled in dispose */
  GCancellable *layout_cancellable; /* the layout run in progress */
  AuraLayout *layout;
  gboolean loading;
  gboolean load_again;
  gboolean first_load_done;
  guint n_loads;
  guint reload_source;
  guint save_source;
  GPtrArray *undoable; /* DeleteRecord, while their undo toast is up */
  guint n_restores;    /* deletions undone, for tests */
  gboolean auto_fit;
  GCancellable *analytics_cancellable; /* the analytics run in progress */
  guint *groups;                       /* the groups shown, for the legend */
  guint n_groups;
  GArray *pending_selection; /* entity ids to select once the graph is read */
  gboolean quiet_selection;  /* a read is being shown: not a person's choice */
  guint n_merges;            /* merges completed, for tests */

  GtkLabel *count_label;
  GtkSpinner *spinner;
  GtkButton *show_hidden_button;
  GtkDropDown *type_dropdown;
  GtkScale *confidence_scale;
  GtkSearchEntry *search_entry;
  GtkStack *stack;
  AuraGraphView *view;
  GtkBox *legend;
  AdwStatusPage *error_page;
  GtkDropDown *size_dropdown;
  GtkDropDown *colour_dropdown;
};

typedef enum
{
  JOB_LOAD,       /* the graph and its saved positions */
  JOB_GET_ENTITY, /* one entity, for details or a scan */
  JOB_DELETE,     /* one entity, with an undo record */
  JOB_RESTORE,    /* the undo record of a deletion */
  JOB_SAVE_POSITIONS,
  JOB_MERGE,     /* entity_id keeps, merge_ids go */
  JOB_ANALYTICS, /* sizes and groups of graph */
} JobKind;

typedef struct
{
  JobKind kind;
  AuraStore *store;
  gint64 investigation_id;
  gint64 entity_id;
  char *action; /* JOB_GET_ENTITY: what the entity is for */
  AuraGraph *graph;
  AuraPoint *positions;
  gboolean *pinned;
  GArray *merge_ids;      /* JOB_MERGE: gint64 */
  char *kept_value;       /* JOB_MERGE: for the toast */
  int size_by, colour_by; /* JOB_ANALYTICS: what to compute */
  double *values;         /* JOB_ANALYTICS: betweenness */
  guint *groups;          /* JOB_ANALYTICS: communities or components */
  guint n_groups;
  char *snapshot; /* JOB_DELETE: the undo record made; JOB_RESTORE: the one to restore */
} Job;

/* ---- Toasts ------------------------------------------------------------------ */

static inline AdwToastOverlay *
toast_overlay (AuraGraphPage *self)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  return overlay != NULL ? ADW_TOAST_OVERLAY (overlay) : NULL;
}

static inline void
toast_text (AuraGraphPage *self, const char *message)
{
  AdwToastOverlay *overlay = toast_overlay (self);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (overlay, aura_toast_new_plain (message));
  else
    g_message ("%s", message);
}

/* aura-graph-page-jobs.c */
Job *aura_graph_page_job_new (AuraGraphPage *self, JobKind kind, gint64 entity_id);
/* Runs @job (filled in by then) in a worker thread. No source object: a
 * page closed while a job runs is not kept alive by it; callbacks get
 * G_IO_ERROR_CANCELLED when @cancellable went. */
void aura_graph_page_job_start (Job *job,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);

static inline Job *
job_new (AuraGraphPage *self, JobKind kind, gint64 entity_id)
{
  return aura_graph_page_job_new (self, kind, entity_id);
}

static inline void
job_start (Job *job, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  aura_graph_page_job_start (job, cancellable, callback, user_data);
}

/* aura-graph-page-jobs.c */
void aura_graph_page_save_positions_now (AuraGraphPage *self);
void aura_graph_page_stop_layout (AuraGraphPage *self);
void aura_graph_page_start_layout (AuraGraphPage *self, const AuraPoint *initial);
void aura_graph_page_relayout_cb (AuraGraphPage *self);
void aura_graph_page_node_moved_cb (AuraGraphPage *self, guint node);

/* aura-graph-page-analytics.c */
void aura_graph_page_update_busy (AuraGraphPage *self);
void aura_graph_page_update_counts (AuraGraphPage *self);
void aura_graph_page_update_legend (AuraGraphPage *self, AuraGraph *graph);
void aura_graph_page_stop_analytics (AuraGraphPage *self);
void aura_graph_page_apply_analytics (AuraGraphPage *self);
void aura_graph_page_analytics_changed_cb (AuraGraphPage *self);

/* aura-graph-page-edit.c */
void aura_graph_page_export_action (GtkWidget *widget, const char *action_name, GVariant *param);

G_END_DECLS
