/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>
#include <aura.h>

G_BEGIN_DECLS

typedef gboolean (*AppTestCondition) (gpointer data);

/* Iterates the main context until @condition holds; fails the test after
 * @timeout_ms. Widget tests wait on state, never on sleeps. */
void
app_test_wait_until (AppTestCondition condition, gpointer data, guint timeout_ms, const char *what);
/* Lets pending idles and finished worker tasks run for @ms. */
void app_test_drain (guint ms);
/* The first descendant of @root that is a GtkButton labelled @label. */
GtkWidget *app_test_find_button (GtkWidget *root, const char *label);

/* Removes @dir and everything under it (a test's temporary folder). */
void app_test_remove_tree (const char *dir);

/* Fills a fresh database at @path: "Alpha" with two targets and
 * @n_entities entities (a third each usernames, domains and emails),
 * "Beta" empty, "Gamma" archived. */
void app_test_populate (const char *path, guint n_entities);

G_END_DECLS
