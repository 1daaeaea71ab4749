// What a shop's page runs to start Croct's personalization plug.
import croct from '@croct/plug';
croct.plug({ appId: '00000000-0000-0000-0000-000000000000' });
window.croct = croct;
