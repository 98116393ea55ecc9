import type { Handler } from '../http/context';
import { badRequest, json } from '../http/reply';

// GET /campaigns/details?campaign_id= and /canvas/details?canvas_id= (braze-docs export/campaigns,
// export/canvas). The sandbox's fixtures know less than Braze: the fields they lack are empty.

export const campaignDetails: Handler = (ctx) => {
	const id = ctx.query.get('campaign_id');
	if (!id) badRequest("'campaign_id' is required");
	const c = ctx.state.catalog.campaign(id);
	if (!c) badRequest('Invalid Campaign ID');
	return json({
		message: 'success',
		created_at: c.last_edited,
		updated_at: c.last_edited,
		archived: c.archived,
		draft: false,
		enabled: !c.archived && !c.paused,
		has_post_launch_draft: false,
		name: c.name,
		description: '',
		schedule_type: c.is_api_campaign ? 'api_triggered' : 'time_based',
		channels: ['email'],
		first_sent: null,
		last_sent: null,
		tags: c.tags,
		teams: [],
		messages: {},
		conversion_behaviors: [],
	});
};

export const canvasDetails: Handler = (ctx) => {
	const id = ctx.query.get('canvas_id');
	if (!id) badRequest("'canvas_id' is required");
	const c = ctx.state.catalog.canvas(id);
	if (!c) badRequest('Invalid Canvas ID');
	return json({
		created_at: c.last_edited,
		updated_at: c.last_edited,
		name: c.name,
		description: '',
		archived: c.archived,
		draft: false,
		enabled: !c.archived && !c.paused,
		schedule_type: 'api_triggered',
		first_entry: null,
		last_entry: null,
		channels: ['email'],
		variants: [],
		tags: c.tags,
		teams: [],
		steps: [],
		message: 'success',
	});
};
