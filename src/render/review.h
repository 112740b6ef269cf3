/*
 * review: the human side of the bundle: plan.md for the change review,
 * and the mirror paths as Mermaid (topology.mmd) and Graphviz
 * (topology.dot) diagrams.
 */
#ifndef SG_REVIEW_H
#define SG_REVIEW_H

#include "inventory/inventory.h"
#include "plan/plan.h"
#include "util/strbuf.h"

/* A device's part of the review: what was rendered for it. */
typedef struct review_device {
	size_t		 index;		/* in the plan's device numbering */
	const char	*name;
	const char	*vendor;
	const char	*ext;
	const char	*verify;	/* the rendered verify.txt */
	int		 rank;		/* 0 source side, 1 transit, 2 destination */
} review_device_t;

void	review_plan_md(strbuf_t *out, const inventory_t *inv,
	    const plan_t *plan, const review_device_t *devs, size_t ndevs);
void	review_mermaid(strbuf_t *out, const plan_t *plan);
void	review_dot(strbuf_t *out, const plan_t *plan);

#endif
